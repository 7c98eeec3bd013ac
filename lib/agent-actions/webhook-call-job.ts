import { z } from "zod";
import { whenFlagOn } from "@/lib/flags/job-gate";
import { FLAGS } from "@/lib/flags/registry";
import { defineJob } from "@/lib/jobs/define";
import { log } from "@/lib/log";

/**
 * actions.webhook_call: delivers one accepted webhook_call execution to the org's URL, signed
 * (Standard Webhooks). Network failures and 5xx answers retry with backoff (1 try + 6 retries from
 * 5 s, about 5 minutes); a refusal (4xx, a refused address, a redirect) fails it at once. The
 * webhook-id is the execution id, so a receiver can drop a delivery it already has.
 */
export const webhookCallJob = defineJob({
  name: "actions.webhook_call",
  payload: z.object({ orgId: z.uuid(), executionId: z.uuid() }),
  retry: { limit: 6, delaySeconds: 5, backoff: true },
  expireInSeconds: 60,
  pollingIntervalSeconds: 2,
  handler: whenFlagOn(
    FLAGS.actions.key,
    (p) => p.orgId,
    async (job: { orgId: string; executionId: string }, run) => {
      // Loaded when a job runs: this declaration is read by the migrate step (lib/jobs/define.ts).
      const { deliverWebhookCall } = await import("./deliver-webhook");
      const outcome = await deliverWebhookCall(job, run);
      log.info({ jobId: run.id, executionId: job.executionId, outcome }, "webhook_call handled");
      return { outcome };
    },
    // Not sent while actions are off for the org: the execution is closed as failed, in words.
    async (job) => {
      const { failQueuedWebhookCall } = await import("./deliver-webhook");
      await failQueuedWebhookCall(job, "Not sent: actions are turned off for this business.");
    },
  ),
});
export type WebhookCallJob = z.infer<typeof webhookCallJob.payload>;
