import "server-only";
import type { TenantTx } from "@/lib/db/scopes";
import { enqueue, type EnqueueOptions } from "@/lib/jobs/enqueue";
import { learningSignalsJob } from "./signals-job";

/**
 * Enqueues the rebuild of a conversation's learning signals in the caller's transaction, timed
 * like its memory summary (lib/memory/jobs.ts calls this with the same delay and throttling slot),
 * so signals are written once the conversation is resolved.
 */
export async function enqueueLearningSignals(
  tx: TenantTx,
  conversationId: string,
  options: EnqueueOptions,
  force = false,
): Promise<string | null> {
  return enqueue(
    tx,
    learningSignalsJob,
    { orgId: tx.orgId, conversationId, ...(force ? { force } : {}) },
    { ...options, singletonKey: `learning:${options.singletonKey ?? conversationId}` },
  );
}
