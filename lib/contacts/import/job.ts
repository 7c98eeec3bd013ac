import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";
import { log } from "@/lib/log";

/** contacts.import: one uploaded CSV import, run row by row (one import at a time per worker). */
export const contactsImportJob = defineJob({
  name: "contacts.import",
  payload: z.object({ orgId: z.uuid(), importId: z.uuid() }),
  retry: { limit: 2, delaySeconds: 10, backoff: true },
  expireInSeconds: 1800,
  pollingIntervalSeconds: 1,
  async handler(job, run) {
    // Loaded when a job runs: this declaration is read by the migrate step (lib/jobs/define.ts).
    const { markImportFailed, runImport } = await import("./run");
    try {
      const outcome = await runImport(job);
      log.info({ jobId: run.id, importId: job.importId, outcome }, "contacts import ran");
      return { outcome };
    } catch (error) {
      log.error(
        {
          err: error,
          jobId: run.id,
          importId: job.importId,
          attempt: run.attempt,
          finalAttempt: run.finalAttempt,
        },
        "contacts import failed",
      );
      if (run.finalAttempt) {
        await markImportFailed(job).catch((e) =>
          log.error({ err: e, importId: job.importId }, "could not mark the import failed"),
        );
      }
      throw error; // pg-boss retries (it resumes from processedRows), then keeps the job as failed
    }
  },
});

export type ContactsImportJob = z.infer<typeof contactsImportJob.payload>;
