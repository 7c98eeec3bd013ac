import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";
import { log } from "@/lib/log";

/** learning.signals: rebuild one conversation's learning signals and the gaps they join. */
export const learningSignalsJob = defineJob({
  name: "learning.signals",
  payload: z.object({ orgId: z.uuid(), conversationId: z.uuid(), force: z.boolean().optional() }),
  retry: { limit: 5, delaySeconds: 10, backoff: true },
  expireInSeconds: 300,
  pollingIntervalSeconds: 2,
  async handler(job, run) {
    // Loaded when a job runs: this declaration is read by the migrate step (lib/jobs/define.ts).
    const { rebuildConversationSignals } = await import("./signals");
    const outcome = await rebuildConversationSignals(job);
    log.debug({ jobId: run.id, conversationId: job.conversationId, outcome }, "learning signals");
    return { outcome };
  },
});

export type LearningSignalsJob = z.infer<typeof learningSignalsJob.payload>;
