import { drainInbox } from "@/test/inbox";
import { randomBytes, randomUUID } from "node:crypto";
import fc from "fast-check";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messages, webhookEvents } from "@/db/schema";
import { withSystem, withTenant } from "@/lib/db/scopes";
import { stopBoss } from "@/lib/jobs/boss";
import { setupFreshDatabase } from "@/test/db";
import { createOwner, type TestOwner } from "@/test/factories";
import { signTwilio } from "@/test/fixtures/sign";
import { callStatusCallback, incomingSms } from "@/test/fixtures/twilio";
import { endOfCallReport, statusUpdate } from "@/test/fixtures/vapi";
import { connectChannels, postTwilio, PUBLIC_URL, type Connected } from "@/test/webhooks";
import { POST as twilioSms } from "@/app/api/webhooks/twilio/[endpoint]/sms/route";
import { POST as vapiRoute } from "@/app/api/webhooks/vapi/[endpoint]/route";

// Authentic provider bodies with characters PostgreSQL cannot store (NUL as a JSON escape or a raw
// byte, lone surrogates, other controls), bytes that are not UTF-8, and deep nesting: each is
// stored (losslessly) or rejected with a 2xx, never a 5xx the provider would retry forever, and
// its processing ends (processed or rejected) instead of failing on every retry.

await setupFreshDatabase();
afterAll(stopBoss);

let owner: TestOwner;
let ch: Connected;

beforeAll(async () => {
  owner = await createOwner();
  ch = await connectChannels(owner.ctx);
});

const params = (endpoint: string) => ({ params: Promise.resolve({ endpoint }) });

function postVapiBytes(body: Buffer) {
  return vapiRoute(
    new Request(`${PUBLIC_URL}/api/webhooks/vapi/${ch.vapiEndpoint}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-vapi-secret": ch.vapiSecret },
      body: new Uint8Array(body),
    }),
    params(ch.vapiEndpoint),
  );
}

/** A form body as bytes, signed over the parameters as the server decodes them. */
function postTwilioRaw(rawBody: string) {
  const url = `${PUBLIC_URL}/api/webhooks/twilio/${ch.twilioEndpoint}/sms`;
  const decoded = Object.fromEntries(new URLSearchParams(rawBody));
  return twilioSms(
    new Request(url, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-twilio-signature": signTwilio(url, decoded, ch.authToken),
      },
      body: rawBody,
    }),
    params(ch.twilioEndpoint),
  );
}

const events = () =>
  withSystem("test: read events", (tx) =>
    tx.select().from(webhookEvents).where(eq(webhookEvents.orgId, owner.orgId)),
  );

/** The events `work` stored. */
async function storedBy(work: () => Promise<unknown>) {
  const before = new Set((await events()).map((e) => e.id));
  await work();
  return (await events()).filter((e) => !before.has(e.id));
}

/** Processes every waiting event like the worker; an event that throws fails the test. */
const drainJobs = () => drainInbox(owner.orgId);

const BAD = ["\u0000", "\u0001", "\u001f", "\u000b", "\ud800", "\udfff", "\ud83d", "\u0000\u0000"];
const badText = fc
  .tuple(fc.string({ maxLength: 8 }), fc.constantFrom(...BAD), fc.string({ maxLength: 8 }))
  .map(([a, bad, b]) => a + bad + b);

/** Puts bad text into some strings of a JSON value. */
function pollute(value: unknown, picks: boolean[], bad: string[], at = { i: 0 }): unknown {
  if (typeof value === "string") {
    const k = at.i++;
    return picks[k % picks.length] ? value + bad[k % bad.length] : value;
  }
  if (Array.isArray(value)) return value.map((v) => pollute(v, picks, bad, at));
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value).map(([key, v]) => [key, pollute(v, picks, bad, at)]),
    );
  return value;
}

const nested = (depth: number, kind: "[" | "{") =>
  kind === "["
    ? "[".repeat(depth) + "]".repeat(depth)
    : '{"a":'.repeat(depth) + "1" + "}".repeat(depth);

const vapiBody = fc.oneof(
  // A real end-of-call-report with bad characters in some of its strings (JSON escapes).
  fc
    .tuple(
      fc.array(fc.boolean(), { minLength: 1, maxLength: 7 }),
      fc.array(badText, { minLength: 1, maxLength: 4 }),
    )
    .map(([picks, bad]) =>
      Buffer.from(JSON.stringify(pollute(endOfCallReport({ callId: randomUUID() }), picks, bad))),
    ),
  // The same with raw bytes spliced in: a NUL byte, bytes that are not UTF-8.
  fc
    .tuple(
      fc.nat(),
      fc.constantFrom([0x00], [0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xe2, 0x82]),
    )
    .map(([at, bytes]) => {
      const json = Buffer.from(JSON.stringify(statusUpdate("ringing", { callId: randomUUID() })));
      const cut = at % json.length;
      return Buffer.concat([json.subarray(0, cut), Buffer.from(bytes), json.subarray(cut)]);
    }),
  // Deep nesting inside an otherwise valid message.
  fc
    .tuple(fc.integer({ min: 1, max: 20_000 }), fc.constantFrom("[" as const, "{" as const))
    .map(([depth, kind]) => {
      const base = JSON.stringify(statusUpdate("ringing", { callId: randomUUID() }));
      return Buffer.from(`${base.slice(0, -2)},"deep":${nested(depth, kind)}}}`);
    }),
  fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
);

describe("VAPI bodies with characters PostgreSQL cannot store", () => {
  it("a NUL escape in the transcript and summary: stored, processed, and no NUL in what is saved", async () => {
    const report = endOfCallReport({ callId: randomUUID() });
    const body = JSON.stringify(pollute(report, [true], ["\u0000"]));
    expect(body).toContain("\\u0000");
    const response = await postVapiBytes(Buffer.from(body));
    expect(response.status).toBe(200);
    expect(await drainJobs()).toEqual(["processed"]);
    // The transcript was saved, each turn as sent but for the NUL.
    const saved = await withTenant(owner.ctx, (tx) => tx.select().from(messages));
    expect(saved.length).toBeGreaterThan(0);
    const artifact = report.message.artifact as { messages: { role: string; message: string }[] };
    const sent = artifact.messages.filter((m) => m.role === "user").map((m) => m.message);
    expect(sent.length).toBeGreaterThan(0);
    expect(saved.map((m) => m.content)).toEqual(expect.arrayContaining(sent));
  });

  it("a raw NUL byte: the body is kept byte for byte, the text without it, and 200", async () => {
    const json = Buffer.from(JSON.stringify(statusUpdate("ringing", { callId: randomUUID() })));
    const body = Buffer.concat([Buffer.from([0x00]), json]);
    const stored = await storedBy(async () => expect((await postVapiBytes(body)).status).toBe(200));
    expect(stored).toHaveLength(1);
    expect(stored[0]!.rawBody).toBe(json.toString("utf8"));
    expect(Buffer.compare(stored[0]!.rawBytes!, body)).toBe(0);
    // A raw control byte outside a string is not JSON: rejected, with a reason, and answered 200.
    expect(stored[0]!.status).toBe("rejected");
    expect(stored[0]!.rejectReason).toMatch(/not JSON/);
    await drainJobs();
  });

  it("any authentic body is answered 2xx, stored losslessly, and its processing ends", async () => {
    await fc.assert(
      fc.asyncProperty(vapiBody, async (body) => {
        const stored = await storedBy(async () => {
          expect((await postVapiBytes(body)).status).toBe(200);
          for (const outcome of await drainJobs())
            expect(["processed", "rejected"]).toContain(outcome);
        });
        for (const event of stored) {
          expect(event.rawBody).not.toContain("\u0000");
          const exact = event.rawBytes ?? Buffer.from(event.rawBody, "utf8");
          expect(Buffer.compare(exact, body)).toBe(0);
          expect(["processed", "rejected"]).toContain(event.status);
        }
      }),
      { numRuns: 40 },
    );
  });
});

const twilioBody = fc
  .tuple(
    fc.array(badText, { minLength: 1, maxLength: 3 }),
    fc.constantFrom("%00", "%FF", "%C0%80", "%ED%A0%80", "%01", ""),
    fc.boolean(),
  )
  .map(([bad, raw, inKey]) => {
    const form = incomingSms({
      MessageSid: `SM${randomBytes(16).toString("hex")}`,
      Body: `Hello ${bad[0]}`,
      FromCity: bad[1 % bad.length]!,
    });
    if (inKey) form[`X${bad[2 % bad.length]}`] = "1";
    // Percent-escapes a form encoder would never write, spliced into the Body value.
    return new URLSearchParams(form).toString().replace("Body=Hello", `Body=Hello${raw}`);
  });

describe("Twilio form bodies with characters PostgreSQL cannot store", () => {
  it("an SMS whose text holds %00 is stored, processed and saved without the NUL", async () => {
    const sid = `SM${randomBytes(16).toString("hex")}`;
    const raw = new URLSearchParams(incomingSms({ MessageSid: sid, Body: "Hi" })).toString();
    const response = await postTwilioRaw(raw.replace("Body=Hi", "Body=H%00i"));
    expect(response.status).toBe(200);
    expect(await drainJobs()).toEqual(["processed"]);
    const saved = await withTenant(owner.ctx, (tx) =>
      tx
        .select({ content: messages.content })
        .from(messages)
        .where(sql`${messages.content} = 'Hi'`),
    );
    expect(saved).toHaveLength(1);
  });

  it("any authentic form is answered 2xx and its processing ends", async () => {
    await fc.assert(
      fc.asyncProperty(twilioBody, async (raw) => {
        const response = await postTwilioRaw(raw);
        expect(response.status).toBe(200);
        for (const outcome of await drainJobs())
          expect(["processed", "rejected"]).toContain(outcome);
      }),
      { numRuns: 30 },
    );
    for (const event of await events()) expect(event.rawBody).not.toContain("\u0000");
  });
});

describe("Twilio event keys", () => {
  it("a signed request replayed with a new I-Twilio-Idempotency-Token is stored once", async () => {
    const form = callStatusCallback("completed", {
      CallSid: `CA${randomBytes(16).toString("hex")}`,
    });
    const before = (await events()).length;
    for (let i = 0; i < 3; i++) {
      const response = await postTwilio(ch.twilioEndpoint, "status", form, ch.authToken, {
        headers: { "i-twilio-idempotency-token": randomUUID() },
      });
      expect(response.status).toBe(200);
    }
    expect((await events()).length - before).toBe(1);
    await drainJobs();
  });
});
