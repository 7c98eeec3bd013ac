import "server-only";
import type PgBoss from "pg-boss";
import { env } from "@/lib/env";
import { QUEUES, type MailJob } from "@/lib/jobs/queues";
import { log } from "@/lib/log";
import { deliverMail } from "./deliver";

async function handleMailJob([job]: PgBoss.JobWithMetadata<MailJob>[]) {
  if (!job) return;
  const finalAttempt = job.retryCount >= job.retryLimit;
  // Ids and outcomes only: an address or a body never reaches the log.
  const about = { jobId: job.id, messageId: job.data.messageId, scope: job.data.scope };
  try {
    const outcome = await deliverMail(job.data, { smtpUrl: env().SMTP_URL, finalAttempt });
    log.info({ ...about, outcome }, "outbox message handled");
    return { outcome };
  } catch (error) {
    log.warn(
      { ...about, attempt: job.retryCount + 1, finalAttempt, reason: (error as Error).message },
      "outbox message not sent",
    );
    throw error; // pg-boss retries with the queue's backoff (QUEUES.mail)
  }
}

/** Starts the mail.send worker on `boss` (wired by lib/jobs/worker.ts). */
export async function registerMailWorkers(boss: PgBoss): Promise<string> {
  return boss.work<MailJob>(
    QUEUES.mail.name,
    { includeMetadata: true, batchSize: 1, pollingIntervalSeconds: 1 },
    handleMailJob,
  );
}
