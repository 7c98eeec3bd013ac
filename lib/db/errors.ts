import { DrizzleQueryError } from "drizzle-orm";
import { PgPreparedQuery } from "drizzle-orm/pg-core";
import postgres from "postgres";
import { redactPostgresFields } from "./redact";

// A failed query's error must not carry the values it was sent: they can be personal data (a
// phone, an email, an imported row), and errors are printed whole by Next's own error printer,
// serialised by the logger, stored as a job's output and as an event's last error. Drizzle puts
// the values in its message ("params: …") and on `params`; postgres.js attaches them to its error
// (hidden `parameters`/`args`); PostgreSQL itself quotes a rejected value in a data error's message
// ('invalid input syntax for type uuid: "…"'), names the parameter in its context, and copies key
// values or a whole failing row into `detail`. The SQL text, the SQLSTATE, the table, column and
// constraint names stay: they are ours and say where it failed.

const FRAMES = "\n    at ";
const DRIVER_ONLY = new Set(["query", "parameters", "args", "types", "internal_query"]);

function replaceHead(stack: string | undefined, head: string): string {
  const at = stack?.indexOf(FRAMES) ?? -1;
  return at === -1 ? head : head + stack!.slice(at);
}

/** A copy of a driver error (the cause of Drizzle's) without the query's values. */
export function withoutDriverValues(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const own: Record<string, unknown> = {};
  for (const key of Object.keys(error)) {
    if (!DRIVER_ONLY.has(key)) own[key] = (error as unknown as Record<string, unknown>)[key];
  }
  const redacted = redactPostgresFields({ ...own, message: error.message });
  if (error instanceof postgres.PostgresError) {
    const copy = new postgres.PostgresError({ ...own, ...redacted } as never);
    copy.stack = replaceHead(error.stack, `${copy.name}: ${copy.message}`);
    return copy;
  }
  const copy = Object.assign(new Error(redacted.message ?? error.message), own);
  copy.name = error.name;
  copy.stack = replaceHead(error.stack, `${copy.name}: ${copy.message}`);
  return copy;
}

/** Drizzle's query error as it is thrown: the SQL and the redacted cause, no values. */
export function withoutQueryValues(error: unknown): unknown {
  if (!(error instanceof DrizzleQueryError)) return error;
  const message = `Failed query: ${error.query}`;
  error.message = message;
  delete (error as { params?: unknown }).params;
  error.stack = replaceHead(error.stack, `${error.name}: ${message}`);
  error.cause = withoutDriverValues(error.cause) as Error | undefined;
  return error;
}

const PATCHED = Symbol.for("luneo.db.queryValuesStripped");

/**
 * Makes every Drizzle query (all PostgreSQL dialects share PgPreparedQuery.queryWithCache, where
 * Drizzle wraps the driver's error) throw its error without the query's values. Once per process.
 */
export function stripQueryValuesFromDrizzleErrors(): void {
  const proto = PgPreparedQuery.prototype as unknown as Record<PropertyKey, unknown> & {
    queryWithCache: (this: unknown, ...args: unknown[]) => Promise<unknown>;
  };
  if (proto[PATCHED]) return;
  const original = proto.queryWithCache;
  proto.queryWithCache = async function (this: unknown, ...args: unknown[]) {
    try {
      return await original.apply(this, args);
    } catch (error) {
      throw withoutQueryValues(error);
    }
  };
  proto[PATCHED] = true;
}
