import type PgBoss from "pg-boss";
import { contactsImportJob } from "@/lib/contacts/import/job";
import { learningReclusterJob, learningWeeklyJob } from "@/lib/learning/recluster-job";
import { learningPlaceJob } from "@/lib/learning/place-job";
import { learningReportMailJob } from "@/lib/learning/report-mail-job";
import { learningSignalsJob } from "@/lib/learning/signals-job";
import { mailJob } from "@/lib/mail/send-job";
import { alertWebhookJob } from "@/lib/health/alert-webhook-job";
import { checkCredentialsJob } from "@/lib/health/check-credentials-job";
import { evaluateHealthJob } from "@/lib/health/evaluate-job";
import { healthSweepJob } from "@/lib/health/sweep-job";
import { memoryJob } from "@/lib/memory/summarise-job";
import { webhookCallJob } from "@/lib/agent-actions/webhook-call-job";
import { roiRefreshJob } from "@/lib/roi/refresh-job";
import { queueOf, type JobDefinition } from "./define";

/**
 * Every job of the app, each declared in its own module. The migrate step creates their queues
 * (the runtime role may not: docs/adr/0009) and the worker starts one worker per entry, so a job
 * missing here is neither created nor run.
 */
export const QUEUES = {
  memory: memoryJob,
  contactsImport: contactsImportJob,
  mail: mailJob,
  learningSignals: learningSignalsJob,
  learningRecluster: learningReclusterJob,
  learningWeekly: learningWeeklyJob,
  learningPlace: learningPlaceJob,
  learningReportMail: learningReportMailJob,
  healthSweep: healthSweepJob,
  healthEvaluate: evaluateHealthJob,
  healthCredentials: checkCredentialsJob,
  healthAlertWebhook: alertWebhookJob,
  webhookCall: webhookCallJob,
  roiRefresh: roiRefreshJob,
} as const satisfies Record<string, JobDefinition>;

export const ALL_JOBS: readonly JobDefinition[] = Object.values(QUEUES);

// The payload types, also exported by their modules (kept here for the modules that import them
// from the registry).
export type { MemoryJob } from "@/lib/memory/summarise-job";
export type { MailJob } from "@/lib/mail/send-job";
export type { ContactsImportJob } from "@/lib/contacts/import/job";
export type { RoiRefreshJob } from "@/lib/roi/refresh-job";

/**
 * Creates the queue of every job that has none. With `updatePolicies` (the migrate step, as the
 * owner), also brings an existing queue's retry policy in line with its declaration, so changing
 * a declaration changes the queue on the next deploy. Running processes never do: two versions
 * side by side would otherwise keep rewriting each other's policy.
 */
export async function ensureQueues(
  boss: PgBoss,
  { updatePolicies = false }: { updatePolicies?: boolean } = {},
): Promise<void> {
  for (const job of ALL_JOBS) {
    const wanted = queueOf(job);
    const existing = await boss.getQueue(job.name);
    if (!existing) await boss.createQueue(job.name, wanted);
    else if (updatePolicies && !samePolicy(existing, wanted)) {
      await boss.updateQueue(job.name, { ...wanted, policy: existing.policy });
    }
  }
}

function samePolicy(existing: PgBoss.Queue, wanted: PgBoss.Queue): boolean {
  return (
    existing.retryLimit === wanted.retryLimit &&
    existing.retryDelay === wanted.retryDelay &&
    existing.retryBackoff === wanted.retryBackoff &&
    existing.expireInSeconds === wanted.expireInSeconds
  );
}
