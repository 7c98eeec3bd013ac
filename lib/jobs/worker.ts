import "server-only";
import type PgBoss from "pg-boss";
import { registerImportWorkers } from "@/lib/contacts/import-job";
import { processWebhookEvent, recordProcessingFailure } from "@/lib/ingest/process-event";
import { log } from "@/lib/log";
import { registerMailWorkers } from "@/lib/mail/jobs";
import { registerMemoryWorkers } from "@/lib/memory/jobs";
import { getBoss } from "./boss";
import { QUEUES, type IngestJob } from "./queues";

async function handleIngest([job]: PgBoss.JobWithMetadata<IngestJob>[]) {
  if (!job) return;
  try {
    const outcome = await processWebhookEvent(job.data);
    log.debug({ jobId: job.id, eventId: job.data.eventId, outcome }, "webhook event processed");
  } catch (error) {
    const finalAttempt = job.retryCount >= job.retryLimit;
    log.error(
      {
        err: error,
        jobId: job.id,
        eventId: job.data.eventId,
        attempt: job.retryCount + 1,
        finalAttempt,
      },
      "webhook event processing failed",
    );
    await recordProcessingFailure(job.data, error, finalAttempt).catch((e) =>
      log.error({ err: e, eventId: job.data.eventId }, "could not record the processing failure"),
    );
    throw error; // pg-boss retries with backoff, then keeps the job as failed
  }
}

/** Starts this process's job workers. In-process for local runs; `npm run worker` in production. */
export async function startWorkers(): Promise<PgBoss> {
  const boss = await getBoss();
  await boss.work<IngestJob>(
    QUEUES.ingest.name,
    { includeMetadata: true, batchSize: 1, pollingIntervalSeconds: 0.5 },
    handleIngest,
  );
  await registerImportWorkers(boss);
  await registerMemoryWorkers(boss);
  await registerMailWorkers(boss);
  log.info(
    {
      queues: [
        QUEUES.ingest.name,
        QUEUES.contactsImport.name,
        QUEUES.memory.name,
        QUEUES.mail.name,
      ],
    },
    "job workers started",
  );
  return boss;
}
