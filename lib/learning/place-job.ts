import { z } from "zod";
import { whenFlagOn } from "@/lib/flags/job-gate";
import { FLAGS } from "@/lib/flags/registry";
import { defineJob, type JobRun } from "@/lib/jobs/define";
import { log } from "@/lib/log";

const payload = z.object({ orgId: z.uuid(), signalId: z.uuid() });
export type LearningPlaceJob = z.infer<typeof payload>;

/**
 * learning.place: clusters one signal sent through the API into the org's gaps, the way the
 * signals job places the questions of a conversation (external-signals.ts). Converges: a signal
 * already placed is left alone.
 */
export const learningPlaceJob = defineJob({
  name: "learning.place",
  payload,
  retry: { limit: 5, delaySeconds: 10, backoff: true },
  expireInSeconds: 300,
  pollingIntervalSeconds: 2,
  handler: whenFlagOn(FLAGS.learning.key, (job) => job.orgId, runPlaceJob),
});

async function runPlaceJob(job: LearningPlaceJob, run: JobRun) {
  // Loaded when a job runs: this declaration is read by the migrate step (lib/jobs/define.ts).
  const { placeExternalSignal } = await import("./external-signals");
  const outcome = await placeExternalSignal(job.orgId, job.signalId);
  log.debug({ jobId: run.id, signalId: job.signalId, outcome }, "learning signal placed");
  return { outcome };
}
