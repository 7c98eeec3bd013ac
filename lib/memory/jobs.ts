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
  { force, ...slot }: EnqueueOptions = {},
): Promise<string | null> {
  const options = slotOptions(conversationId, slot);
  // The learning loop reads the same resolved conversation (lib/learning/signals.ts). The two
  // inserts are independent: sent together, in one round trip.
  const [, id] = await Promise.all([
    enqueueLearningSignals(tx, conversationId, options, force),
    enqueue(
      tx,
      memoryJob,
      { orgId: tx.orgId, conversationId, ...(force ? { force } : {}) },
      options,
    ),
  ]);
  return id;
}

/**
 * What ingestion enqueues once a conversation is resolved (a call ended, an SMS thread went
 * quiet): its learning signals always — every agent turn is a signal, whoever called — and its
 * memory summary only when it has a contact, since memory belongs to a contact.
 */
export async function enqueueResolvedConversation(
  tx: TenantTx,
  conversation: { id: string; contactId: string | null },
  slot: Omit<EnqueueOptions, "force">,
): Promise<void> {
  if (conversation.contactId) {
    await enqueueMemorySummary(tx, conversation.id, slot);
  } else {
    await enqueueLearningSignals(tx, conversation.id, slotOptions(conversation.id, slot));
  }
}

/** The job options of a delayed, throttled conversation job (see enqueueMemorySummary). */
function slotOptions(
  conversationId: string,
  { startAfterSeconds = 0, singletonKey }: Omit<EnqueueOptions, "force">,
): SendOptions {
  const delay = Math.max(0, Math.round(startAfterSeconds));
  const options: SendOptions = {
    singletonKey: singletonKey ?? `conversation:${conversationId}`,
  };
  if (delay > 0) {
    options.startAfter = delay;
    options.singletonSeconds = Math.min(MAX_WINDOW_SECONDS, Math.max(1, Math.floor(delay * 0.8)));
  }
  return options;
}
