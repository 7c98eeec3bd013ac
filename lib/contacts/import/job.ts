import { z } from "zod";
import { whenFlagOn } from "@/lib/flags/job-gate";
import { FLAGS } from "@/lib/flags/registry";
import { defineJob, type JobRun } from "@/lib/jobs/define";
import { log } from "@/lib/log";

const payload = z.object({ orgId: z.uuid(), importId: z.uuid() });
export type ContactsImportJob = z.infer<typeof payload>;

/** contacts.import: one uploaded CSV import, run row by row (one import at a time per worker). */
export const contactsImportJob = defineJob({
  name: "contacts.import",
  payload,
  retry: { limit: 2, delaySeconds: 10, backoff: true },
  expireInSeconds: 1800,
  pollingIntervalSeconds: 1,
  // While the contacts-import flag is off for the org the job does nothing, and the import is
  // closed as failed so its page does not wait forever.
  handler: whenFlagOn(
    FLAGS.contactsImport.key,
    (job) => job.orgId,
    runImportJob,
    async (job) => (await import("./run")).markImportFailed(job),
  ),
});

async function runImportJob(job: ContactsImportJob, run: JobRun) {
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
}
