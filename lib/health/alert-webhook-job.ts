import { z } from "zod";
import { whenFlagOn } from "@/lib/flags/job-gate";
import { FLAGS } from "@/lib/flags/registry";
import { defineJob } from "@/lib/jobs/define";
import { log } from "@/lib/log";

/** health.alert-webhook: one signed delivery of an incident update to the org's alert webhook. */
export const alertWebhookJob = defineJob({
  name: "health.alert-webhook",
  payload: z.object({ orgId: z.uuid(), deliveryId: z.uuid() }),
  // 1 try + 6 retries backing off from 30 s: about an hour of a receiver being away.
  retry: { limit: 6, delaySeconds: 30, backoff: true },
  expireInSeconds: 60,
  pollingIntervalSeconds: 2,
  handler: whenFlagOn(
    FLAGS.statusPage.key,
    (p) => p.orgId,
    async ({ orgId, deliveryId }: { orgId: string; deliveryId: string }, run) => {
      const { deliverAlert } = await import("./deliver-alert");
      const outcome = await deliverAlert(orgId, deliveryId, run.finalAttempt);
      // Ids and outcomes only: never the URL (it may carry a token) or the body.
      log.info(
        { jobId: run.id, orgId, deliveryId, outcome: outcome.status },
        "alert webhook handled",
      );
      if (outcome.retry) throw new Error(`alert webhook not delivered: ${outcome.error}`);
      return { outcome: outcome.status };
    },
    // Not sent while the module is off: the delivery is closed as failed, not left pending.
    async ({ orgId, deliveryId }) => {
      const { failAlertDelivery } = await import("./deliver-alert");
      await failAlertDelivery(orgId, deliveryId, "not sent: the status page is turned off");
    },
  ),
});

export type AlertWebhookJob = z.infer<typeof alertWebhookJob.payload>;
