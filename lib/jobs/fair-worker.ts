import "server-only";
import type PgBoss from "pg-boss";
import { log } from "@/lib/log";
import type { JobDefinition } from "./define";
import { runJob, type StoredJob } from "./run-job";

// A worker for jobs declared `fairness: "per-org"` (define.ts). It claims with
// luneo_claim_fair_jobs (fair-claim-sql.ts): round robin across the orgs that have jobs waiting,
// and never a job whose call already has one running. Claimed jobs run `concurrency` at a time;
// the jobs of one call it claimed together run one after the other, in the order they arrived.
// Completions are written in batches (one statement for many jobs).

export type FairWorkerOptions = {
  /** Jobs running at once in this process. */
  concurrency: number;
  /** At most this many jobs of one org per claim (the rest wait for the next round). */
  perOrg: number;
  /** How long an idle worker waits before asking again. */
  idleMs: number;
};

type ClaimedRow = {
  id: string;
  data: Record<string, unknown>;
  retry_count: number;
  retry_limit: number;
  created_on: Date;
};

export type FairWorker = { stop: () => Promise<void> };

export function startFairWorker(
  boss: PgBoss,
  job: JobDefinition,
  options: FairWorkerOptions,
): FairWorker {
  const db = boss.getDb();
  let stopping = false;
  let running = 0;
  let wake: (() => void) | null = null;
  const completed: string[] = [];
  let flushing: Promise<void> | null = null;

  const claim = async (limit: number): Promise<ClaimedRow[]> => {
    const { rows } = await db.executeSql("select * from luneo_claim_fair_jobs($1, $2, $3)", [
      job.name,
      limit,
      options.perOrg,
    ]);
    return rows as ClaimedRow[];
  };

  // Successes are marked completed together: one statement for all the jobs finished meanwhile.
  const flush = async () => {
    while (completed.length > 0) {
      const ids = completed.splice(0, completed.length);
      await boss.complete(job.name, ids).catch((error: unknown) => {
        // Left active, these jobs expire and run again; their handlers are idempotent.
        log.error({ err: error, queue: job.name, jobs: ids.length }, "could not complete jobs");
      });
    }
  };
  const scheduleFlush = () => {
    flushing ??= flush().finally(() => {
      flushing = null;
      if (completed.length > 0) scheduleFlush();
    });
  };

  const runOne = async (row: ClaimedRow) => {
    const stored: StoredJob = {
      id: row.id,
      data: row.data,
      retryCount: row.retry_count,
      retryLimit: row.retry_limit,
    };
    try {
      await runJob(job, stored);
      completed.push(row.id);
      scheduleFlush();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // pg-boss decides between retry (with its backoff) and failed, as for its own workers.
      await boss.fail(job.name, row.id, { message }).catch((e: unknown) => {
        log.error({ err: e, queue: job.name, jobId: row.id }, "could not fail job");
      });
    }
  };

  // The jobs of one order key, one after the other; jobs without a key each on their own.
  const runGroup = async (rows: ClaimedRow[]) => {
    try {
      for (const row of rows) await runOne(row);
    } finally {
      running -= rows.length;
      wake?.();
    }
  };

  const loop = async () => {
    while (!stopping) {
      const free = options.concurrency - running;
      if (free <= 0) {
        await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
        continue;
      }
      let rows: ClaimedRow[] = [];
      try {
        rows = await claim(free);
      } catch (error) {
        log.error({ err: error, queue: job.name }, "could not claim jobs");
      }
      if (rows.length === 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, options.idleMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = null;
        continue;
      }
      running += rows.length;
      for (const group of groupByOrderKey(rows)) void runGroup(group);
    }
  };

  const done = loop();
  return {
    async stop() {
      stopping = true;
      wake?.();
      await done;
      while (running > 0) await new Promise((resolve) => setTimeout(resolve, 20));
      await flushing;
      await flush();
    },
  };
}

/** Claimed jobs grouped by their order key (oldest first inside a group). */
export function groupByOrderKey<Row extends { data: Record<string, unknown>; created_on: Date }>(
  rows: Row[],
): Row[][] {
  const groups = new Map<string, Row[]>();
  const alone: Row[][] = [];
  const sorted = [...rows].sort((a, b) => a.created_on.getTime() - b.created_on.getTime());
  for (const row of sorted) {
    const key = row.data.orderKey;
    if (typeof key !== "string") {
      alone.push([row]);
      continue;
    }
    const orgKey = `${String(row.data.orgId)}\u0000${key}`;
    const group = groups.get(orgKey);
    if (group) group.push(row);
    else groups.set(orgKey, [row]);
  }
  return [...groups.values(), ...alone];
}
