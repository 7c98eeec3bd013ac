import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";
import { log } from "@/lib/log";

/** ingest.normalize: one stored webhook event turned into contacts, conversations and messages. */
export const ingestJob = defineJob({
  name: "ingest.normalize",
  // Written by the receiver's one statement (migration 0024), not by enqueue(): keep the two alike.
  payload: z.object({
    orgId: z.uuid(),
    eventId: z.uuid(),
    /** The provider's call id: the jobs of one call run one at a time, in order. */
    orderKey: z.string().max(200).optional(),
  }),
  // 1 try + 5 retries, backing off from 5 s (5, 10, 20, 40, 80 s); then the event is dead-lettered.
  retry: { limit: 5, delaySeconds: 5, backoff: true },
  expireInSeconds: 120,
  // Calls and messages should reach the dashboard within a second of the provider's callback.
  pollingIntervalSeconds: 0.5,
  // Claimed round robin across orgs, several at once: one org's burst never stalls another's
  // calls (lib/jobs/fair-worker.ts).
  fairness: "per-org",
  async handler(job, run) {
    // Loaded when a job runs: this declaration is read by the migrate step (lib/jobs/define.ts).
    const { processWebhookEvent, recordProcessingFailure } = await import("./process-event");
    try {
      const outcome = await processWebhookEvent(job);
      log.debug({ jobId: run.id, eventId: job.eventId, outcome }, "webhook event processed");
      return { outcome };
    } catch (error) {
      log.error(
        {
          err: error,
          jobId: run.id,
          eventId: job.eventId,
          attempt: run.attempt,
          finalAttempt: run.finalAttempt,
        },
        "webhook event processing failed",
      );
      await recordProcessingFailure(job, error, run.finalAttempt).catch((e) =>
        log.error({ err: e, eventId: job.eventId }, "could not record the processing failure"),
      );
      throw error; // pg-boss retries with backoff, then keeps the job as failed
    }
  },
  // A claimed batch of one org in one transaction (the worker hands over one org's jobs only). On
  // any error nothing is kept and each job runs alone through `handler`, which records its failure.
  async batch(jobs) {
    const { processWebhookEvents } = await import("./process-event");
    const [first] = jobs;
    if (!first) return;
    if (jobs.some((job) => job.orgId !== first.orgId)) {
      throw new Error("a batch of ingest jobs must belong to one org");
    }
    const outcomes = await processWebhookEvents(
      first.orgId,
      jobs.map((job) => job.eventId),
    );
    log.debug({ events: jobs.length, outcomes }, "webhook events processed together");
  },
});

export type IngestJob = z.infer<typeof ingestJob.payload>;
