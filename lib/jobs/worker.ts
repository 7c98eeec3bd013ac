import "server-only";
import type PgBoss from "pg-boss";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { getBoss, onBossStop } from "./boss";
import { getSystemClient } from "@/db";
import { startInboxWorker } from "@/lib/ingest/inbox-worker";
import type { JobDefinition } from "./define";
import { ALL_JOBS } from "./queues";
import { runJob } from "./run-job";

export { MalformedJobPayloadError, runJob } from "./run-job";

/** Starts `job`'s pg-boss worker on `boss`: one job at a time, each validated then handled. */
export async function work(boss: PgBoss, job: JobDefinition): Promise<string> {
  return boss.work<unknown>(
    job.name,
    { includeMetadata: true, batchSize: 1, pollingIntervalSeconds: job.pollingIntervalSeconds },
    async ([stored]) => (stored ? runJob(job, stored) : undefined),
  );
}

/**
 * Starts the ingest worker, which claims webhook events from the inbox (lib/ingest/inbox-worker.ts)
 * on the system pool, sized by WORKER_CONCURRENCY and WORKER_PER_ORG. It stops with `boss`.
 */
export function startIngestWorker(boss: PgBoss): void {
  const { WORKER_CONCURRENCY, WORKER_PER_ORG } = env();
  const worker = startInboxWorker(getSystemClient().sql, {
    concurrency: WORKER_CONCURRENCY,
    perOrg: WORKER_PER_ORG,
    // Calls and messages should reach the dashboard within a second of the provider's callback.
    idleMs: 500,
  });
  onBossStop(boss, () => worker.stop());
}

/** Starts this process's job workers. In-process for local runs; `npm run worker` in production. */
export async function startWorkers(): Promise<PgBoss> {
  const boss = await getBoss();
  for (const job of ALL_JOBS) await work(boss, job);
  startIngestWorker(boss);
  log.info({ queues: ALL_JOBS.map((job) => job.name) }, "job workers started");
  return boss;
}
