import { z } from "zod";
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
  async handler(job, run) {
    // Loaded when a job runs: this declaration is read by the migrate step (lib/jobs/define.ts).
    const { deliverWebhookCall } = await import("./deliver-webhook");
    const outcome = await deliverWebhookCall(job, run);
    log.info({ jobId: run.id, executionId: job.executionId, outcome }, "webhook_call handled");
    return { outcome };
  },
});
export type WebhookCallJob = z.infer<typeof webhookCallJob.payload>;
