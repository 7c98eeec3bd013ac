import { describe, expect, it } from "vitest";
import { serializeError } from "./log";

// A failed query's values (here an email and a phone from an imported row) never reach the log.

function drizzleLikeError() {
  const cause = Object.assign(
    new Error('duplicate key value violates unique constraint "contacts_org_phone_key"'),
    {
      parameters: ["+33612345678", "ada@example.org"],
    },
  );
  return Object.assign(
    new Error(
      'Failed query: insert into "contacts" ("phone_e164", "email") values ($1, $2)\nparams: +33612345678,ada@example.org',
    ),
    {
      name: "DrizzleQueryError",
      query: 'insert into "contacts" …',
      params: ["+33612345678", "ada@example.org"],
      cause,
    },
  );
}

describe("serializeError", () => {
  it("keeps the SQL and the database's own message, drops the values sent", () => {
    const serialized = serializeError(drizzleLikeError());
    const text = JSON.stringify(serialized);
    expect(text).not.toContain("+33612345678");
    expect(text).not.toContain("ada@example.org");
    expect(serialized.message).toBe(
      'Failed query: insert into "contacts" ("phone_e164", "email") values ($1, $2)\nparams: [redacted]',
    );
    expect(text).toContain("contacts_org_phone_key");
    expect(serialized.query).toBe('insert into "contacts" …');
  });

  it("leaves other errors as pino writes them", () => {
    const serialized = serializeError(new Error("Something else"));
    expect(serialized.message).toBe("Something else");
    expect(serialized.stack).toContain("Something else");
  });
});
