import "server-only";
import { sql } from "drizzle-orm";
import type { Transaction } from "@/db";

// Job queue figures for staff and Prometheus, read from pg-boss's own table (all orgs; queue
// names and counts only). Lag is how long the oldest job that could run has been waiting: a job
// scheduled for later (a retry's backoff, a refresh after its minute) is not late until its time.

export type QueueFigures = {
  queue: string;
  /** Jobs that could run now and have not started. */
  waiting: number;
  /** Seconds the oldest of those has waited since it could run (null: none waiting). */
  lagSeconds: number | null;
  /** Jobs that finished in the last hour, and of those the ones that failed for good. */
  finishedLastHour: number;
  failedLastHour: number;
};

export async function readQueueFigures(tx: Transaction): Promise<QueueFigures[]> {
  const rows = (await tx.execute(sql`
    select name as queue,
           (count(*) filter (where state in ('created', 'retry') and start_after <= now()))::int
             as waiting,
           extract(epoch from now() - min(start_after)
             filter (where state in ('created', 'retry') and start_after <= now()))::float8 as lag,
           (count(*) filter (where state in ('completed', 'failed')
                               and completed_on > now() - interval '1 hour'))::int as finished,
           (count(*) filter (where state = 'failed'
                               and completed_on > now() - interval '1 hour'))::int as failed
      from pgboss.job
     -- pg-boss's own queues (its schedule's "send-it") are not Luneo's work.
     where name not like '\_\_pgboss\_\_%'
     group by name
     order by name`)) as unknown as {
    queue: string;
    waiting: number;
    lag: number | null;
    finished: number;
    failed: number;
  }[];
  return rows.map((r) => ({
    queue: r.queue,
    waiting: r.waiting,
    lagSeconds: r.lag,
    finishedLastHour: r.finished,
    failedLastHour: r.failed,
  }));
}
