import "server-only";
import { z } from "zod";
import { log } from "@/lib/log";
import type { JobDefinition } from "./define";

/** A stored job as either worker hands it over (pg-boss's fetch or the fair claim). */
export type StoredJob = { id: string; data: unknown; retryCount: number; retryLimit: number };

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
export async function runJob(job: JobDefinition, stored: StoredJob) {
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
