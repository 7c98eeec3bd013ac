import "server-only";
import type PgBoss from "pg-boss";
import { QUEUES, type ContactsImportJob } from "@/lib/jobs/queues";
import { log } from "@/lib/log";
import { markImportFailed, runImport } from "./import-run";

async function handleImport([job]: PgBoss.JobWithMetadata<ContactsImportJob>[]) {
  if (!job) return;
  try {
    const outcome = await runImport(job.data);
    log.info({ jobId: job.id, importId: job.data.importId, outcome }, "contacts import ran");
  } catch (error) {
    const finalAttempt = job.retryCount >= job.retryLimit;
    log.error(
      {
        err: error,
        jobId: job.id,
        importId: job.data.importId,
        attempt: job.retryCount + 1,
        finalAttempt,
      },
      "contacts import failed",
    );
    if (finalAttempt) {
      await markImportFailed(job.data).catch((e) =>
        log.error({ err: e, importId: job.data.importId }, "could not mark the import failed"),
      );
    }
    throw error; // pg-boss retries (it resumes from processedRows), then keeps the job as failed
  }
}

/** Starts this process's worker for CSV imports (one import at a time: each is long and heavy). */
export async function registerImportWorkers(boss: PgBoss): Promise<string> {
  return boss.work<ContactsImportJob>(
    QUEUES.contactsImport.name,
    { includeMetadata: true, batchSize: 1, pollingIntervalSeconds: 1 },
    handleImport,
  );
}
