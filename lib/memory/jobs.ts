import "server-only";
import type { TenantTx } from "@/lib/db/scopes";
import { enqueue, type EnqueueOptions as SendOptions } from "@/lib/jobs/enqueue";
import { enqueueLearningSignals } from "@/lib/learning/jobs";
import { memoryJob } from "./summarise-job";

// pg-boss archives completed jobs after 12 h and refuses a throttling window longer than that.
const MAX_WINDOW_SECONDS = 12 * 60 * 60;

export type EnqueueOptions = {
  /** Start the job this many seconds from now (the call's grace, the SMS thread's idle time). */
  startAfterSeconds?: number;
  /** Default `conversation:<id>`: one pending summary per conversation. */
  singletonKey?: string;
  /** Summarise now, whether or not the conversation ended (the API's explicit request). */
  force?: boolean;
};

/**
 * Enqueues the summary of a conversation inside the caller's transaction (the event and its job
 * commit together). With a delay, jobs of the same key collapse when they fall in the same
 * throttling slot (pg-boss `singletonSeconds`; the memory queue's "standard" policy dedupes a key
 * only within a slot). Slots are fixed, aligned to the clock, so a burst across a slot's edge gives
 * two jobs — harmless, summarising is idempotent. Each job starts after its slot has closed, so it
 * reads every event of that slot. Returns the job id, or null when it collapsed into an existing
 * job. The job's org is the transaction's.
 */
export async function enqueueMemorySummary(
  tx: TenantTx,
  conversationId: string,
  { startAfterSeconds = 0, singletonKey, force }: EnqueueOptions = {},
): Promise<string | null> {
  const delay = Math.max(0, Math.round(startAfterSeconds));
  const options: SendOptions = {
    singletonKey: singletonKey ?? `conversation:${conversationId}`,
  };
  if (delay > 0) {
    options.startAfter = delay;
    options.singletonSeconds = Math.min(MAX_WINDOW_SECONDS, Math.max(1, Math.floor(delay * 0.8)));
  }
  // The learning loop reads the same resolved conversation (lib/learning/signals.ts).
  await enqueueLearningSignals(tx, conversationId, options, force);
  return enqueue(
    tx,
    memoryJob,
    { orgId: tx.orgId, conversationId, ...(force ? { force } : {}) },
    options,
  );
}
