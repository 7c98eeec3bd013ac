import { z } from "zod";
import { whenFlagOn } from "@/lib/flags/job-gate";
import { FLAGS } from "@/lib/flags/registry";
import { defineJob } from "@/lib/jobs/define";
import { log } from "@/lib/log";

/** health.evaluate: compute one org's component health, open or resolve its incidents. */
export const evaluateHealthJob = defineJob({
  name: "health.evaluate",
  payload: z.object({ orgId: z.uuid() }),
  // The next sweep evaluates again a minute later: a failed evaluation is not worth many retries.
  retry: { limit: 1, delaySeconds: 10, backoff: false },
  expireInSeconds: 60,
  pollingIntervalSeconds: 2,
  handler: whenFlagOn(
    FLAGS.statusPage.key,
    (p) => p.orgId,
    async ({ orgId }: { orgId: string }, run) => {
      // Loaded when a job runs: this declaration is read by the migrate step (lib/jobs/define.ts).
      const { evaluateOrgHealth } = await import("./evaluate");
      const { opened, resolved } = await evaluateOrgHealth(orgId);
      if (opened.length > 0 || resolved.length > 0) {
        log.info({ jobId: run.id, orgId, opened, resolved }, "health incidents changed");
      }
      return { opened, resolved };
    },
  ),
});

export type EvaluateHealthJob = z.infer<typeof evaluateHealthJob.payload>;
