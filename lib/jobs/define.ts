import type PgBoss from "pg-boss";
import type { z } from "zod";

// A job is declared once, in the module that owns it (lib/<module>/<verb>-job.ts): its queue
// name, the schema of its payload, its retry policy and its handler. Everything else follows from
// that one declaration: the migrate step creates the queue with its policy (queues.ts), `enqueue`
// type-checks the payload against the schema (enqueue.ts), and the worker validates each stored
// payload before the handler sees it (worker.ts).
//
// Declarations must stay importable by the migrate script (plain Node, no React Server
// Components condition), so a declaration file never imports "server-only" code at its top:
// its handler loads the module doing the work with `await import(...)` when a job runs.

export type RetryPolicy = {
  /** Retries after the first attempt; the job is `failed` after the last one. */
  limit: number;
  /** Seconds before the first retry. */
  delaySeconds: number;
  /** Double the delay at each retry (with jitter: pg-boss's `retryBackoff`). */
  backoff: boolean;
};

/** What a handler may know about the attempt it runs in (ids and counts only). */
export type JobRun = {
  id: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** No retry follows if this attempt throws. */
  finalAttempt: boolean;
};

export type JobDefinition<Schema extends z.ZodType = z.ZodType> = {
  /** The pg-boss queue, `<module>.<verb>`. Stored in every job row: never renamed lightly. */
  name: string;
  /** Ids only (docs/adr/0009): a payload never carries a phone, an email, a name or a file. */
  payload: Schema;
  retry: RetryPolicy;
  /** An attempt still active after this long is failed by pg-boss (and retried). */
  expireInSeconds: number;
  /** How often an idle worker asks for the next job. */
  pollingIntervalSeconds: number;
  /** Runs one job with its validated payload; throwing fails the attempt. Returns the job's output. */
  handler: (payload: z.output<Schema>, run: JobRun) => Promise<unknown>;
};

/** The payload a caller must give to enqueue `job` (the schema's input type). */
export type JobPayload<Job extends JobDefinition> = z.input<Job["payload"]>;
/** The payload as a handler receives it (the schema's output type). */
export type JobData<Job extends JobDefinition> = z.output<Job["payload"]>;

export function defineJob<Schema extends z.ZodType>(
  job: JobDefinition<Schema>,
): JobDefinition<Schema> {
  return job;
}

/** The queue pg-boss creates for `job` at migrate time. */
export function queueOf(job: JobDefinition): PgBoss.Queue & { name: string } {
  return {
    name: job.name,
    retryLimit: job.retry.limit,
    retryDelay: job.retry.delaySeconds,
    retryBackoff: job.retry.backoff,
    expireInSeconds: job.expireInSeconds,
  };
}
