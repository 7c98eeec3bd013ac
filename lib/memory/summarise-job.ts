import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";
import { log } from "@/lib/log";

/** memory.summarize: summarise one conversation and fold it into its contact's memory. */
export const memoryJob = defineJob({
  name: "memory.summarize",
  // `force` (the API's explicit request) summarises now, whether or not the conversation ended.
  payload: z.object({ orgId: z.uuid(), conversationId: z.uuid(), force: z.boolean().optional() }),
  // Summarising never blocks anything: retry calmly. A failing LLM falls back to the offline
  // summariser inside one attempt, so retries are for the database.
  retry: { limit: 5, delaySeconds: 10, backoff: true },
  expireInSeconds: 300,
  pollingIntervalSeconds: 1,
  async handler(job, run) {
    // Loaded when a job runs: this declaration is read by the migrate step (lib/jobs/define.ts).
    const { summariseConversation } = await import("./summarise");
    try {
      const outcome = await summariseConversation(job);
      log.debug(
        { jobId: run.id, conversationId: job.conversationId, outcome },
        "conversation summarised into memory",
      );
      return { outcome };
    } catch (error) {
      log.error(
        {
          err: error,
          jobId: run.id,
          conversationId: job.conversationId,
          attempt: run.attempt,
          finalAttempt: run.finalAttempt,
        },
        "memory summary failed",
      );
      throw error; // pg-boss retries with the queue's backoff
    }
  },
});

export type MemoryJob = z.infer<typeof memoryJob.payload>;
