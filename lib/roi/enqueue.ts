import "server-only";
import type { TenantTx } from "@/lib/db/scopes";
import { enqueue } from "@/lib/jobs/enqueue";
import { roiRefreshJob } from "./refresh-job";

/** An org's rollups catch up at most this often: one job per org per slot, after the slot. */
export const ROI_REFRESH_SECONDS = 60;

/**
 * Orgs whose refresh job for the current slot is known to be committed, and until when that job
 * still covers a new event (a little before the slot ends). Kept per process; never shared.
 */
const coveredUntil = new Map<string, number>();
/** Transactions that already asked ("asked"), or ask once at their end (deferRoiRefresh). */
const inTransaction = new WeakMap<TenantTx, "asked" | "deferred" | "wanted">();
/**
 * Headroom for the distance between this process's clock and the database's, and for a
 * transaction that began in the previous slot (pg-boss reads the slot from the transaction's
 * start time): nothing is learnt in a slot's first seconds, and what is learnt ends before it does.
 */
const CLOCK_MARGIN_MS = 10_000;

/** End of the pg-boss singleton slot holding `nowMs` (slots are aligned on the epoch). */
export function slotEnd(nowMs: number, seconds = ROI_REFRESH_SECONDS): number {
  const slotMs = seconds * 1000;
  return Math.floor(nowMs / slotMs) * slotMs + slotMs;
}

/**
 * Asks for the org's ROI rollups to catch up, in the caller's transaction (ingestion calls it for
 * every call and SMS it applies). Calls within one minute collapse into one job (pg-boss
 * `singletonSeconds`), which starts after that minute and reads everything that changed.
 *
 * Once this process has seen the slot's job committed (pg-boss answers null: the insert collapsed
 * into it), the other events of that slot skip the insert. It changes no outcome — pg-boss would
 * collapse them too — but each such insert waits on the unique index for every other
 * transaction of the org that has inserted the same slot and not yet committed: one org's burst
 * of events would otherwise go through that index one commit at a time (bench:ingest).
 */
export async function enqueueRoiRefresh(tx: TenantTx): Promise<void> {
  const asked = inTransaction.get(tx);
  if (asked === "deferred") inTransaction.set(tx, "wanted");
  if (asked !== undefined) return;
  const now = Date.now();
  if ((coveredUntil.get(tx.orgId) ?? 0) > now) return;
  const id = await enqueue(
    tx,
    roiRefreshJob,
    { orgId: tx.orgId },
    {
      singletonKey: `roi:${tx.orgId}`,
      singletonSeconds: ROI_REFRESH_SECONDS,
      startAfter: ROI_REFRESH_SECONDS,
    },
  );
  // An id is this transaction's own job, which may yet roll back: only a collapse proves one is
  // committed. That job starts after its slot ends, so events committed before then are covered.
  // Once per transaction: a second insert would collapse into this transaction's own job, and
  // that null would not prove a committed one.
  inTransaction.set(tx, "asked");
  const end = slotEnd(now);
  const slotStart = end - ROI_REFRESH_SECONDS * 1000;
  if (id === null && now >= slotStart + CLOCK_MARGIN_MS) {
    coveredUntil.set(tx.orgId, end - CLOCK_MARGIN_MS);
  }
}

/**
 * A transaction applying several events (lib/ingest/process-event.ts) asks once, at its end:
 * the insert waits on the singleton's unique index for the org's other uncommitted transactions
 * that made it, and holds that index entry until this one commits, so it comes last.
 */
export function deferRoiRefresh(tx: TenantTx) {
  inTransaction.set(tx, "deferred");
}

/** Inserts the refresh a deferring transaction's events asked for, if any did. */
export async function flushRoiRefresh(tx: TenantTx): Promise<void> {
  if (inTransaction.get(tx) !== "wanted") return;
  inTransaction.delete(tx);
  await enqueueRoiRefresh(tx);
}

/** Tests: forget what this process knows about committed refresh jobs. */
export function forgetRoiRefreshes() {
  coveredUntil.clear();
}
