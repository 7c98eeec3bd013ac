import { inspect } from "node:util";
import { eq } from "drizzle-orm";
import pino from "pino";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { contacts, users } from "@/db/schema";
import * as listRoute from "@/app/api/v1/contacts/route";
import { redactPostgresFields } from "@/lib/db/redact";
import { withSystem, withTenant } from "@/lib/db/scopes";
import { createLogger, log, serializeError } from "@/lib/log";
import { bearer, createApiOrg, type ApiOrg } from "@/test/api";
import { ownerSql, setupFreshDatabase } from "@/test/db";

await setupFreshDatabase();

// A failed query's values never reach a log line: not through Next's own error printer (which
// prints a thrown error with util.inspect, cause included), not through our logger, not through
// an error's message, stack or hidden properties (lib/db/errors.ts strips them where Drizzle
// throws). The values here are a phone and an email, as on a contact page.

const PHONE = "+33 6 12 34 56 78";
const PHONE_E164 = "+33612345678";
const EMAIL = "camille.leak@example.org";

/** Everything a printer or logger could write about `error`, hidden properties included. */
function everyRendering(error: unknown): string {
  const lines: string[] = [];
  const logger = createLogger({ write: (line: string) => void lines.push(line) });
  logger.level = "trace";
  logger.error({ err: error }, "query failed");
  return [
    inspect(error, { depth: null, showHidden: true }), // console.error / Next's printer, and more
    String(error),
    (error as Error).stack ?? "",
    JSON.stringify(error),
    JSON.stringify(serializeError(error)),
    ...lines,
  ].join("\n");
}

function expectNoValues(text: string) {
  for (const value of [PHONE, PHONE_E164, EMAIL, "612345678", "camille.leak"]) {
    expect(text).not.toContain(value);
  }
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, "the query should have failed").toBeInstanceOf(Error);
  return error as Error;
}

let a: ApiOrg;

beforeAll(async () => {
  a = await createApiOrg();
});

describe("a failed query's error", () => {
  it("carries the SQL but not a value PostgreSQL rejected (a phone where an id belongs)", async () => {
    const error = await failure(
      withTenant(a.ctx, (tx) => tx.select().from(contacts).where(eq(contacts.id, PHONE))),
    );
    const text = everyRendering(error);
    expectNoValues(text);
    expect(error.message).toMatch(/^Failed query: select .* from "contacts"/);
    expect((error.cause as { code?: string }).code).toBe("22P02"); // invalid_text_representation
    expect(String((error.cause as Error).message)).toBe('invalid input syntax for type uuid: "…"');
  });

  it("carries the key's columns but not its values (a duplicate email)", async () => {
    const insert = (email: string) =>
      withSystem("test: a user with this email", (tx) =>
        tx.insert(users).values({ email, name: "Camille", passwordHash: "x" }),
      );
    await insert(EMAIL);
    const error = await failure(insert(EMAIL));
    expectNoValues(everyRendering(error));
    // (PostgreSQL leaves the key's values out of `detail` on a table with RLS; the redaction of
    // other tables' details is shown on its own below.)
    expect(error.cause).toMatchObject({ code: "23505", constraint_name: "users_email_key" });
  });

  it("carries no row a constraint refused (the failing row holds the phone and email)", async () => {
    const error = await failure(
      withSystem("test: a user without a name", (tx) =>
        tx.insert(users).values({
          email: EMAIL,
          name: null as unknown as string,
          passwordHash: PHONE,
        }),
      ),
    );
    expectNoValues(everyRendering(error));
    expect(error.cause).toMatchObject({ code: "23502", column_name: "name" });
  });
});

describe("redactPostgresFields", () => {
  it("keeps the columns of a key and the shape of a detail, not the values", () => {
    expect(
      redactPostgresFields({
        code: "23505",
        message: 'duplicate key value violates unique constraint "pgboss_key"',
        detail: `Key (name, lower(email))=(import, ${EMAIL}) already exists.`,
      }),
    ).toEqual({
      message: 'duplicate key value violates unique constraint "pgboss_key"',
      detail: "Key (name, lower(email))=(…) already exists.",
    });
    expect(
      redactPostgresFields({
        code: "23502",
        detail: `Failing row contains (1, ${EMAIL}, ${PHONE}).`,
      }),
    ).toEqual({ detail: "Failing row contains (…)." });
    expect(
      redactPostgresFields({
        code: "22P02",
        message: `invalid input syntax for type uuid: "${PHONE}"`,
        where: `unnamed portal parameter $1 = '${PHONE}'`,
      }),
    ).toEqual({
      message: 'invalid input syntax for type uuid: "…"',
      where: "unnamed portal parameter $1 = '…'",
    });
  });
});

describe("a failing API request", () => {
  const stream = (log as unknown as Record<symbol, unknown>)[pino.symbols.streamSym];
  const level = log.level;
  afterEach(async () => {
    (log as unknown as Record<symbol, unknown>)[pino.symbols.streamSym] = stream;
    log.level = level;
    await ownerSql().unsafe("alter table contacts drop constraint if exists test_refuses_all");
  });

  it("answers 500 and writes no value it was sent to any log line or console", async () => {
    // Capture every path out: the app's logger (at every level), console.*, stdout, stderr.
    const written: string[] = [];
    (log as unknown as Record<symbol, unknown>)[pino.symbols.streamSym] = {
      write: (line: string) => void written.push(line),
    };
    log.level = "trace";
    const originals = {
      error: console.error,
      warn: console.warn,
      log: console.log,
      info: console.info,
      out: process.stdout.write.bind(process.stdout),
      err: process.stderr.write.bind(process.stderr),
    };
    const capture = (...args: unknown[]) =>
      void written.push(args.map((x) => inspect(x)).join(" "));
    console.error = console.warn = console.log = console.info = capture;
    process.stdout.write = ((chunk: unknown) => (written.push(String(chunk)), true)) as never;
    process.stderr.write = ((chunk: unknown) => (written.push(String(chunk)), true)) as never;

    await ownerSql().unsafe(
      "alter table contacts add constraint test_refuses_all check (false) not valid",
    );
    let response: Response;
    try {
      response = await listRoute.POST(
        new Request("http://localhost/api/v1/contacts", {
          method: "POST",
          headers: {
            "content-type": "application/json",
            ...bearer(await a.token(["contacts:write"])),
          },
          body: JSON.stringify({ name: "Camille Leak", phones: [PHONE], emails: [EMAIL] }),
        }),
      );
    } finally {
      Object.assign(console, {
        error: originals.error,
        warn: originals.warn,
        log: originals.log,
        info: originals.info,
      });
      process.stdout.write = originals.out;
      process.stderr.write = originals.err;
    }

    expect(response.status).toBe(500);
    const text = written.join("\n");
    expect(text, "the failure was logged").toContain("test_refuses_all");
    expectNoValues(text);
  });
});
