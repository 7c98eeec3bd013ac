import "server-only";
import type PgBoss from "pg-boss";
import type { Transaction } from "@/db";
import { getBoss, inDrizzleTransaction } from "@/lib/jobs/boss";
import { QUEUES } from "@/lib/jobs/queues";
import { log } from "@/lib/log";
import { summariseConversation, type MemoryJobData } from "./summarize";

// pg-boss archives completed jobs after 12 h and refuses a throttling window longer than that.
const MAX_WINDOW_SECONDS = 12 * 60 * 60;

export type EnqueueOptions = {
  /** Start the job this many seconds from now (the call's grace, the SMS thread's idle time). */
  startAfterSeconds?: number;
  /** Default `conversation:<id>`: one pending summary per conversation. */
  singletonKey?: string;
};

/**
 * Enqueues the summary of a conversation inside the caller's transaction (the event and its job
 * commit together). With a delay, jobs of the same key collapse when they fall in the same
 * throttling slot (pg-boss `singletonSeconds`; the memory queue's "standard" policy dedupes a key
 * only within a slot). Slots are fixed, aligned to the clock, so a burst across a slot's edge gives
 * two jobs — harmless, summarising is idempotent. Each job starts after its slot has closed, so it
 * reads every event of that slot. Returns the job id, or null when it collapsed into an existing
 * job.
 */
export async function enqueueMemorySummary(
  tx: Transaction,
  job: MemoryJobData,
  { startAfterSeconds = 0, singletonKey }: EnqueueOptions = {},
): Promise<string | null> {
  const boss = await getBoss();
  const delay = Math.max(0, Math.round(startAfterSeconds));
  const options: PgBoss.SendOptions = {
    db: inDrizzleTransaction(tx),
    singletonKey: singletonKey ?? `conversation:${job.conversationId}`,
  };
  if (delay > 0) {
    options.startAfter = delay;
    options.singletonSeconds = Math.min(MAX_WINDOW_SECONDS, Math.max(1, Math.floor(delay * 0.8)));
  }
  return boss.send(QUEUES.memory.name, job, options);
}

async function handleMemoryJob([job]: PgBoss.JobWithMetadata<MemoryJobData>[]) {
  if (!job) return;
  try {
    const outcome = await summariseConversation(job.data);
    log.debug(
      { jobId: job.id, conversationId: job.data.conversationId, outcome },
      "conversation summarised into memory",
    );
    return { outcome };
  } catch (error) {
    log.error(
      {
        err: error,
        jobId: job.id,
        conversationId: job.data.conversationId,
        attempt: job.retryCount + 1,
        finalAttempt: job.retryCount >= job.retryLimit,
      },
      "memory summary failed",
    );
    throw error; // pg-boss retries with the queue's backoff (QUEUES.memory)
  }
}

/** Starts the memory.summarize worker on `boss` (wired by lib/jobs/worker.ts). */
export async function registerMemoryWorkers(boss: PgBoss): Promise<string> {
  return boss.work<MemoryJobData>(
    QUEUES.memory.name,
    { includeMetadata: true, batchSize: 1, pollingIntervalSeconds: 1 },
    handleMemoryJob,
  );
}
