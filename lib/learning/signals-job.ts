import { z } from "zod";
import { whenFlagOn } from "@/lib/flags/job-gate";
import { FLAGS } from "@/lib/flags/registry";
import { defineJob, type JobRun } from "@/lib/jobs/define";
import { log } from "@/lib/log";

const payload = z.object({
  orgId: z.uuid(),
  conversationId: z.uuid(),
  force: z.boolean().optional(),
});
export type LearningSignalsJob = z.infer<typeof payload>;

/** learning.signals: rebuild one conversation's learning signals and the gaps they join. */
export const learningSignalsJob = defineJob({
  name: "learning.signals",
  payload,
  retry: { limit: 5, delaySeconds: 10, backoff: true },
  expireInSeconds: 300,
  pollingIntervalSeconds: 2,
  // While the learning flag is off for the org the job completes as skipped: no signal is written.
  handler: whenFlagOn(FLAGS.learning.key, (job) => job.orgId, runSignalsJob),
});

async function runSignalsJob(job: LearningSignalsJob, run: JobRun) {
  // Loaded when a job runs: this declaration is read by the migrate step (lib/jobs/define.ts).
  const { rebuildConversationSignals } = await import("./signals");
  const outcome = await rebuildConversationSignals(job);
  log.debug({ jobId: run.id, conversationId: job.conversationId, outcome }, "learning signals");
  return { outcome };
}
