import "server-only";
import { sql } from "drizzle-orm";
import type { TenantTx } from "@/lib/db/scopes";

/** How far behind processing is for one org: the figure health reads for "Luneo's processing". */
export type IngestBacklog = {
  /** Events acknowledged and not yet processed (waiting, being processed, or failed and waiting for a retry). */
  waiting: number;
  /** Seconds since the oldest of them arrived; 0 when none waits. */
  oldestWaitingSeconds: number;
  /** Events whose processing gave up after its retries. */
  deadLettered: number;
};

/**
 * The org's ingestion backlog, from the inbox itself (webhook_events): it holds whatever the queue
 * holds, under the org's row-level security, and reads through its partial indexes (the
 * queue's rows, and the dead-lettered ones), whatever the inbox's size.
 */
export async function ingestBacklog(tx: TenantTx): Promise<IngestBacklog> {
  const [row] = await tx.execute<{
    waiting: number;
    oldest: number | null;
    dead: number;
  }>(sql`
    select count(*)::int as waiting,
           extract(epoch from now() - min(received_at))::float as oldest,
           (select count(*)::int from webhook_events
             where org_id = ${tx.orgId} and status = 'dead_lettered') as dead
      from webhook_events
     where org_id = ${tx.orgId} and status in ('received', 'processing', 'failed')`);
  return {
    waiting: row?.waiting ?? 0,
    oldestWaitingSeconds: Math.max(0, Math.round(row?.oldest ?? 0)),
    deadLettered: row?.dead ?? 0,
  };
}
