import "server-only";
import type PgBoss from "pg-boss";
import { log } from "@/lib/log";
import type { JobDefinition } from "./define";
import { runJob, type StoredJob } from "./run-job";

// A worker for jobs declared `fairness: "per-org"` (define.ts). It claims with
// luneo_claim_fair_jobs (fair-claim-sql.ts): round robin across the orgs that have jobs waiting,
// and never a job whose call already has one running. Claimed jobs run `concurrency` at a time;
// the jobs of one call it claimed together run one after the other, in the order they arrived.
// A job that declares `batch` gets each org's share of a claim in one call (one transaction and one
// commit for up to `perOrg` jobs), falling back to one by one if that fails. Completions are
// written in batches (one statement for many jobs).

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

  // One org's share of a claim, oldest first, through the job's `batch` (one transaction). If it
  // fails it has kept nothing: the jobs then run one by one, each failing or succeeding alone.
  const runBatch = async (rows: ClaimedRow[]) => {
    try {
      if (await tryBatch(job, rows)) {
        completed.push(...rows.map((row) => row.id));
        scheduleFlush();
        return;
      }
      for (const group of groupByOrderKey(rows)) for (const row of group) await runOne(row);
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
      if (job.batch) for (const batch of groupByOrg(rows)) void runBatch(batch);
      else for (const group of groupByOrderKey(rows)) void runGroup(group);
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

/** Runs `rows` through the job's batch handler; false (nothing kept) if any of them fails. */
async function tryBatch(job: JobDefinition, rows: ClaimedRow[]): Promise<boolean> {
  if (!job.batch || rows.length < 2) return false;
  const payloads: unknown[] = [];
  for (const row of rows) {
    const payload = job.payload.safeParse(row.data);
    // A malformed payload fails alone, with its reason, on the one-by-one path.
    if (!payload.success) return false;
    payloads.push(payload.data);
  }
  try {
    await job.batch(payloads);
    return true;
  } catch (error) {
    // Names and codes only: a driver's message may quote the statement's values.
    const { name, code } = (error ?? {}) as { name?: unknown; code?: unknown };
    const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
    log.warn(
      { queue: job.name, jobs: rows.length, error: name, code: code ?? cause?.code },
      "batch not applied; its jobs run one by one",
    );
    return false;
  }
}

/** Claimed jobs grouped by org, oldest first inside a group (one call's jobs in their order). */
export function groupByOrg<Row extends { data: Record<string, unknown>; created_on: Date }>(
  rows: Row[],
): Row[][] {
  const groups = new Map<string, Row[]>();
  const sorted = [...rows].sort((a, b) => a.created_on.getTime() - b.created_on.getTime());
  for (const row of sorted) {
    const org = String(row.data.orgId);
    const group = groups.get(org);
    if (group) group.push(row);
    else groups.set(org, [row]);
  }
  return [...groups.values()];
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
