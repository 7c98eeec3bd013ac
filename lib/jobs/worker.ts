import "server-only";
import type PgBoss from "pg-boss";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { getBoss, onBossStop } from "./boss";
import type { JobDefinition } from "./define";
import { startFairWorker } from "./fair-worker";
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
 * Starts `job`'s worker: the fair, concurrent one for per-org jobs (fair-worker.ts), sized by
 * WORKER_CONCURRENCY and WORKER_PER_ORG; pg-boss's own for the rest.
 */
export async function startWorker(boss: PgBoss, job: JobDefinition): Promise<void> {
  if (job.fairness !== "per-org") {
    await work(boss, job);
    return;
  }
  const { WORKER_CONCURRENCY, WORKER_PER_ORG } = env();
  const worker = startFairWorker(boss, job, {
    concurrency: WORKER_CONCURRENCY,
    perOrg: WORKER_PER_ORG,
    idleMs: job.pollingIntervalSeconds * 1000,
  });
  onBossStop(boss, () => worker.stop());
}

/** Starts this process's job workers. In-process for local runs; `npm run worker` in production. */
export async function startWorkers(): Promise<PgBoss> {
  const boss = await getBoss();
  for (const job of ALL_JOBS) await startWorker(boss, job);
  log.info({ queues: ALL_JOBS.map((job) => job.name) }, "job workers started");
  return boss;
}
