import "server-only";
import type PgBoss from "pg-boss";
import type postgres from "postgres";
import type { Transaction } from "@/db";
import { getBoss, inDrizzleTransaction, inTransaction } from "./boss";
import type { JobDefinition, JobPayload } from "./define";

/** Per-job options on top of the queue's policy (timing and de-duplication only). */
export type EnqueueOptions = Pick<
  PgBoss.SendOptions,
  "startAfter" | "singletonKey" | "singletonSeconds"
>;

/**
 * Adds one `job` inside the caller's transaction (Drizzle's or postgres.js's), so the job and
 * the rows it is about commit together or not at all. The payload is checked against the job's
 * schema at compile time, and parsed again here so a cast cannot store what the worker would
 * refuse. Returns the job id, or null when pg-boss collapsed it into an existing one (singleton).
 */
export async function enqueue<Job extends JobDefinition>(
  tx: Transaction | postgres.TransactionSql,
  job: Job,
  payload: JobPayload<Job>,
  options: EnqueueOptions = {},
): Promise<string | null> {
  const data = job.payload.parse(payload) as object;
  const boss = await getBoss();
  // postgres.js's transaction is its tagged-template function; Drizzle's is an object.
  const db = typeof tx === "function" ? inTransaction(tx) : inDrizzleTransaction(tx);
  return boss.send(job.name, data, { ...options, db });
}
