import pino from "pino";
import { redactPostgresFields } from "./db/redact";
import { currentRequestId } from "./request-context";

// Paths whose values must never reach a log line, whatever object they sit in.
export const REDACTED_PATHS = [
  "password",
  "*.password",
  "passwordHash",
  "*.passwordHash",
  "token",
  "*.token",
  "secret",
  "*.secret",
  "apiKey",
  "*.apiKey",
  "authToken",
  "*.authToken",
  "authorization",
  "*.authorization",
  "cookie",
  "*.cookie",
  "headers.authorization",
  "headers.cookie",
  'headers["x-vapi-secret"]',
  'headers["x-twilio-signature"]',
  "*.headers.authorization",
  "*.headers.cookie",
];

/**
 * Errors as pino serialises them, minus the values a failed query was sent: Drizzle's query errors
 * carry them (`params`, and a "params: …" line in the message) and they can be personal data (a
 * phone, a note, an imported row). The SQL text stays: it is ours and says where it failed.
 */
export function serializeError(error: unknown): Record<string, unknown> {
  const serialized = pino.stdSerializers.err(error as Error) as unknown as Record<string, unknown>;
  scrubQueryValues(serialized, 0);
  return serialized;
}

const PARAMS_LINE = /\nparams: [\s\S]*$/;

const SQLSTATE = /^[0-9A-Z]{5}$/;

function scrubQueryValues(value: unknown, depth: number): void {
  if (depth > 5 || typeof value !== "object" || value === null) return;
  const record = value as Record<string, unknown>;
  for (const key of ["params", "parameters", "args"]) delete record[key];
  // Live objects a driver hangs on its errors (pg's `client`: kilobytes, and connection details).
  for (const key of ["client", "connection", "socket", "pool"]) delete record[key];
  // A PostgreSQL error that did not come through Drizzle (lib/db/errors.ts redacts those at the
  // source): the values it quotes in its message, detail and context.
  if (typeof record.code === "string" && SQLSTATE.test(record.code)) {
    const before = record.message;
    Object.assign(record, redactPostgresFields(record));
    if (
      typeof before === "string" &&
      typeof record.stack === "string" &&
      before !== record.message
    ) {
      record.stack = record.stack.split(before).join(String(record.message));
    }
  }
  for (const key of ["message", "stack"]) {
    const text = record[key];
    if (typeof text === "string" && PARAMS_LINE.test(text.split("\n    at ")[0] ?? "")) {
      const [head, ...frames] = text.split("\n    at ");
      record[key] = [head!.replace(PARAMS_LINE, "\nparams: [redacted]"), ...frames].join(
        "\n    at ",
      );
    }
  }
  scrubQueryValues(record.cause, depth + 1);
}

/** The app's logger; `destination` only for tests that read what it writes. */
export function createLogger(destination?: pino.DestinationStream) {
  const options: pino.LoggerOptions = {
    level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
    base: { service: "luneo" },
    redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
    serializers: { err: serializeError },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin() {
      const requestId = currentRequestId();
      return requestId ? { requestId } : {};
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

const globalForLog = globalThis as unknown as { luneoLog?: pino.Logger };

export const log: pino.Logger = (globalForLog.luneoLog ??= createLogger());
export type Logger = pino.Logger;
