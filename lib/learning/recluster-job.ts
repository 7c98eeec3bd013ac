import type PgBoss from "pg-boss";
import { z } from "zod";
import { whenFlagOn } from "@/lib/flags/job-gate";
import { FLAGS } from "@/lib/flags/registry";
import { defineJob } from "@/lib/jobs/define";
import { log } from "@/lib/log";

/** learning.recluster: one org's weekly pass (lib/learning/recluster.ts), also run on demand. */
export const learningReclusterJob = defineJob({
  name: "learning.recluster",
  payload: z.object({ orgId: z.uuid() }),
  retry: { limit: 3, delaySeconds: 60, backoff: true },
  expireInSeconds: 900,
  pollingIntervalSeconds: 5,
  // While the learning flag is off for the org the pass completes as skipped (its gaps stay as
  // they are); the weekly fan-out below does not even enqueue it.
  handler: whenFlagOn(
    FLAGS.learning.key,
    (job) => job.orgId,
    async (job, run) => {
      const { reclusterOrg } = await import("./recluster");
      const result = await reclusterOrg(job.orgId);
      log.info({ jobId: run.id, orgId: job.orgId, ...result }, "learning gaps re-clustered");
      return result;
    },
  ),
});

/**
 * learning.weekly: started every hour by pg-boss's schedule; enqueues the pass of each org whose
 * local time is Monday 03:00 (recluster.ts, WEEKLY_PASS), so every org's week ends on its own clock.
 */
export const learningWeeklyJob = defineJob({
  name: "learning.weekly",
  payload: z.object({}).loose(),
  retry: { limit: 2, delaySeconds: 60, backoff: false },
  expireInSeconds: 300,
  pollingIntervalSeconds: 30,
  async handler(_job, run) {
    const { enqueueWeeklyPasses } = await import("./weekly");
    const orgs = await enqueueWeeklyPasses(new Date());
    log.info({ jobId: run.id, orgs }, "learning weekly passes enqueued");
    return { orgs };
  },
});

export const LEARNING_WEEKLY_CRON = "0 * * * *";

/** Registers the hourly schedule (the migrate step, as the owner; idempotent). */
export async function scheduleLearningWeekly(boss: PgBoss): Promise<void> {
  await boss.schedule(learningWeeklyJob.name, LEARNING_WEEKLY_CRON, {}, { tz: "UTC" });
}
