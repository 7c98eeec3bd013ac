import "server-only";
import type PgBoss from "pg-boss";
import { z } from "zod";
import { log } from "@/lib/log";
import { getBoss } from "./boss";
import type { JobDefinition } from "./define";
import { ALL_JOBS } from "./queues";

/** A stored payload its job's schema refuses: the job fails with this reason, the worker goes on. */
export class MalformedJobPayloadError extends Error {
  override name = "MalformedJobPayloadError";
  constructor(queue: string, error: z.ZodError) {
    // Paths and zod's messages only: a value from the payload is never quoted.
    const issues = error.issues.map((i) => `${i.path.join(".") || "payload"}: ${i.message}`);
    super(`Malformed payload for ${queue}, not run: ${issues.join("; ")}`);
  }
}

/**
 * Runs one stored job: its payload is validated against the job's schema before the handler
 * sees it. A malformed payload throws (pg-boss stores the reason as the job's output and fails
 * the job after its retries, which fail the same way); nothing else is affected.
 */
export async function runJob(job: JobDefinition, stored: PgBoss.JobWithMetadata<unknown>) {
  const payload = job.payload.safeParse(stored.data);
  if (!payload.success) {
    const error = new MalformedJobPayloadError(job.name, payload.error);
    log.error({ jobId: stored.id, queue: job.name, reason: error.message }, "job not run");
    throw error;
  }
  return job.handler(payload.data, {
    id: stored.id,
    attempt: stored.retryCount + 1,
    finalAttempt: stored.retryCount >= stored.retryLimit,
  });
}

/** Starts `job`'s worker on `boss`: one job at a time, each validated then handled. */
export async function work(boss: PgBoss, job: JobDefinition): Promise<string> {
  return boss.work<unknown>(
    job.name,
    { includeMetadata: true, batchSize: 1, pollingIntervalSeconds: job.pollingIntervalSeconds },
    async ([stored]) => (stored ? runJob(job, stored) : undefined),
  );
}

/** Starts this process's job workers. In-process for local runs; `npm run worker` in production. */
export async function startWorkers(): Promise<PgBoss> {
  const boss = await getBoss();
  for (const job of ALL_JOBS) await work(boss, job);
  log.info({ queues: ALL_JOBS.map((job) => job.name) }, "job workers started");
  return boss;
}
