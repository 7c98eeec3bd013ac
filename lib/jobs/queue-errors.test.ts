import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { log } from "@/lib/log";
import { onQueueError } from "./boss";

// What pg-boss's error events write: `pg` hangs its whole client on each error, and when the
// database stops every pooled connection and every poll reports it (Ctrl-C on `npm run dev`).

/** A `pg` error as pg-boss emits it when the server terminates a pooled connection. */
function terminated(): Error {
  return Object.assign(new Error("terminating connection due to administrator command"), {
    name: "error",
    severity: "FATAL",
    code: "57P01",
    client: {
      connectionParameters: { user: "luneo_system", database: "luneo", port: 5432 },
      _events: {},
      queryQueue: Array.from({ length: 50 }, (_, i) => ({ text: `select ${i}`, values: [] })),
    },
  });
}

const lines: string[] = [];
const streamSym = pino.symbols.streamSym as unknown as string;
const logger = log as unknown as Record<string, unknown>;
const original = { stream: logger[streamSym], level: log.level };

beforeEach(() => {
  lines.length = 0;
  logger[streamSym] = { write: (line: string) => void lines.push(line) };
  log.level = "trace";
});
afterEach(() => {
  logger[streamSym] = original.stream;
  log.level = original.level;
});

describe("the job queue's error handler", () => {
  it("logs a stopping database once, as one short line without the client", () => {
    const start = 1_000_000_000_000;
    for (let i = 0; i < 40; i++) onQueueError(terminated(), start + i * 10);
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 40, code: "57P01" });
    expect(lines[0]).not.toContain("connectionParameters");
    expect(lines[0]!.length).toBeLessThan(400);
    // A minute later, a database still away is said again (with how many reports it stood for).
    onQueueError(terminated(), start + 61_000);
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[1]!)).toMatchObject({ reports: 40 });
  });

  it("logs any other error at error level, without the client object", () => {
    const error = Object.assign(new Error('relation "pgboss.job" does not exist'), {
      code: "42P01",
      client: (terminated() as unknown as { client: unknown }).client,
    });
    onQueueError(error);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 50, err: { code: "42P01" } });
    expect(lines[0]).not.toContain("connectionParameters");
  });
});
