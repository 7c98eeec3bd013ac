import type { JobRun } from "@/lib/jobs/define";
import type { FlagKey } from "./registry";

// The gate of a job (docs/adr/0012). Declarations are imported by the migrate step (plain Node,
// lib/jobs/define.ts), so this file imports nothing server-only at its top: the evaluation loads
// when a job runs.

/** What a skipped job returns (pg-boss stores it as the job's output): completed, not failed. */
export type SkippedJob = { skipped: "flag-off"; flag: FlagKey };

/**
 * Wraps a job handler so that it does nothing while `key` is off for the job's org: the job
 * completes with `{ skipped: "flag-off" }` and is not retried. `onSkip` lets the module close what
 * the job would have finished (an import marked failed, …) so nothing waits forever.
 *
 *   handler: whenFlagOn(FLAGS.learning.key, (p) => p.orgId, async (payload, run) => { … })
 */
export function whenFlagOn<P>(
  key: FlagKey,
  orgIdOf: (payload: P) => string,
  handler: (payload: P, run: JobRun) => Promise<unknown>,
  onSkip?: (payload: P, run: JobRun) => Promise<void>,
): (payload: P, run: JobRun) => Promise<unknown> {
  return async (payload, run) => {
    const { isFeatureEnabled } = await import("./evaluate");
    if (await isFeatureEnabled(orgIdOf(payload), key)) return handler(payload, run);
    const { log } = await import("@/lib/log");
    log.info({ jobId: run.id, flag: key }, "job skipped: its flag is off for the org");
    await onSkip?.(payload, run);
    return { skipped: "flag-off", flag: key } satisfies SkippedJob;
  };
}
