import { z } from "zod";
import { whenFlagOn } from "@/lib/flags/job-gate";
import { FLAGS } from "@/lib/flags/registry";
import { defineJob } from "@/lib/jobs/define";
import { log } from "@/lib/log";

/** health.check-credentials: ask Twilio and VAPI whether the org's credentials still work. */
export const checkCredentialsJob = defineJob({
  name: "health.check-credentials",
  payload: z.object({ orgId: z.uuid() }),
  // A provider that does not answer is itself a result ("could not be checked"): no retries.
  retry: { limit: 0, delaySeconds: 30, backoff: false },
  expireInSeconds: 60,
  pollingIntervalSeconds: 2,
  handler: whenFlagOn(
    FLAGS.statusPage.key,
    (p) => p.orgId,
    async ({ orgId }: { orgId: string }, run) => {
      const { checkOrgCredentials } = await import("./credentials/check");
      const { evaluateOrgHealth } = await import("./evaluate");
      const outcomes = await checkOrgCredentials(orgId);
      // The credentials component follows the check at once, not at the next sweep.
      await evaluateOrgHealth(orgId);
      // Outcomes are words like "ok" or "rejected": never a secret or an account id.
      log.info({ jobId: run.id, orgId, outcomes }, "credentials checked");
      return { outcomes };
    },
  ),
});

export type CheckCredentialsJob = z.infer<typeof checkCredentialsJob.payload>;
