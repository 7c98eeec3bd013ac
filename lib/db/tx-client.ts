import type postgres from "postgres";
import type { Transaction } from "@/db";

/**
 * The postgres.js transaction under a Drizzle transaction (Drizzle 0.45 keeps it at
 * `session.client`). For SQL that must reach PostgreSQL as written (pg-boss's), or be sent at
 * once, in program order, ahead of the next query (a lock pipelined before the read it guards).
 * Drizzle's postgres.js client passes dates and JSON through unserialised: give it text.
 */
export function txClient(tx: Transaction): postgres.TransactionSql {
  const client = (tx as unknown as { session?: { client?: postgres.TransactionSql } }).session
    ?.client;
  if (typeof client?.unsafe !== "function") {
    throw new Error(
      "Drizzle's transaction no longer exposes its postgres.js client (session.client)",
    );
  }
  return client;
}
