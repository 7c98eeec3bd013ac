import "server-only";
import { sql } from "drizzle-orm";
import type { Transaction } from "@/db";

// Job queue figures for staff and Prometheus, read from pg-boss's own table and, for ingestion,
// from the webhook inbox, which is its own queue (docs/adr/0019) (all orgs; queue names and
// counts only). Lag is how long the oldest job that could run has been waiting: a job scheduled
// for later (a retry's backoff, a refresh after its minute) is not late until its time.

/** The inbox's row: named as the ingest queue was, so dashboards and alerts keep their series. */
export const INBOX_QUEUE = "ingest.normalize";

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
  const [inbox] = (await tx.execute(sql`
    with queue as (
      -- The queue's partial index: only rows that wait or run. Due: received, or a retry whose time came.
      select coalesce(next_attempt_at, received_at) as due_at,
             status = 'received'
               or (status = 'failed' and coalesce(next_attempt_at, received_at) <= now()) as due
        from webhook_events where status in ('received', 'processing', 'failed')
    ),
    ended as (
      -- Per org through (org, received_at): events of the last day that ended in the last hour.
      select w.status from orgs o join webhook_events w on w.org_id = o.id
       where w.received_at > now() - interval '1 day'
         and w.processed_at > now() - interval '1 hour'
    )
    select ${INBOX_QUEUE} as queue,
           (select count(*) filter (where due) from queue)::int as waiting,
           (select extract(epoch from now() - min(due_at) filter (where due)) from queue)::float8 as lag,
           (select count(*) filter (where status in ('processed', 'dead_lettered')) from ended)::int as finished,
           (select count(*) filter (where status = 'dead_lettered') from ended)::int as failed`)) as unknown as {
    queue: string;
    waiting: number;
    lag: number | null;
    finished: number;
    failed: number;
  }[];
  const busy = inbox && inbox.waiting + inbox.finished > 0;
  return [...rows, ...(busy ? [inbox] : [])]
    .sort((a, b) => a.queue.localeCompare(b.queue))
    .map((r) => ({
      queue: r.queue,
      waiting: r.waiting,
      lagSeconds: r.lag,
      finishedLastHour: r.finished,
      failedLastHour: r.failed,
    }));
}
