import { drainInbox } from "@/test/inbox";
import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  contacts,
  conversations,
  domainEvents,
  messages,
  timelineEvents,
  webhookEvents,
} from "@/db/schema";
import { withSystem, withTenant } from "@/lib/db/scopes";
import { stopBoss } from "@/lib/jobs/boss";
import { setupFreshDatabase } from "@/test/db";
import { createOwner, type TestOwner } from "@/test/factories";
import {
  assistantRequest,
  endOfCallReport,
  SCRIPT_TURNS,
  statusUpdate,
  SUMMARY,
  toolCalls,
  TOOL_CALL_IDS,
  VAPI_IDS,
} from "@/test/fixtures/vapi";
import { connectChannels, postVapi, type Connected } from "@/test/webhooks";
import { MAX_BODY_BYTES } from "./receive";

await setupFreshDatabase();
afterAll(stopBoss);

let a: TestOwner;
let b: TestOwner;
let A: Connected;
let B: Connected;

beforeAll(async () => {
  [a, b] = await Promise.all([createOwner(), createOwner()]);
  [A, B] = await Promise.all([connectChannels(a.ctx), connectChannels(b.ctx)]);
});

const eventsOf = (orgId: string) =>
  withSystem("test: read events", (tx) =>
    tx.select().from(webhookEvents).where(eq(webhookEvents.orgId, orgId)),
  );

/** Processes every event the route stored, like the worker would; how many there were. */
const drainJobs = async (orgId: string) => (await drainInbox(orgId)).length;

describe("POST /api/webhooks/vapi/[endpoint]", () => {
  it("stores an end-of-call-report with its job, and the job builds contact, call, transcript and timeline", async () => {
    const response = await postVapi(A.vapiEndpoint, endOfCallReport(), {
      "x-vapi-secret": A.vapiSecret,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({});

    const [event] = await eventsOf(a.orgId);
    expect(event).toMatchObject({
      provider: "vapi",
      kind: "end-of-call-report",
      status: "received",
    });
    expect(await drainJobs(a.orgId)).toBe(1);
    expect((await eventsOf(a.orgId))[0]!.status).toBe("processed");

    await withTenant(a.ctx, async (tx) => {
      const [call] = await tx.select().from(conversations).where(eq(conversations.orgId, a.orgId));
      expect(call).toMatchObject({
        channel: "voice",
        status: "ended",
        vapiCallId: VAPI_IDS.callId,
        twilioCallSid: VAPI_IDS.callSid,
        summary: SUMMARY,
      });
      const [contact] = await tx.select().from(contacts).where(eq(contacts.orgId, a.orgId));
      expect(contact!.phoneE164).toBe(VAPI_IDS.customerNumber);
      expect(call!.contactId).toBe(contact!.id);

      const turns = await tx
        .select()
        .from(messages)
        .where(eq(messages.conversationId, call!.id))
        .orderBy(messages.seq);
      // The spoken turns, in order, with VAPI's "bot" read as the assistant; tool turns come along.
      const spoken = turns.filter((t) => t.role === "user" || t.role === "assistant");
      expect(spoken.map((t) => t.role)).toEqual(SCRIPT_TURNS.map((t) => t.role));
      expect(turns.map((t) => t.seq)).toEqual(turns.map((_, i) => i + 1));

      const timeline = await tx
        .select({ kind: timelineEvents.kind })
        .from(timelineEvents)
        .where(eq(timelineEvents.orgId, a.orgId));
      expect(timeline.map((t) => t.kind).sort()).toEqual(["call.ended", "call.started"]);
      const outbox = await tx
        .select({ type: domainEvents.type })
        .from(domainEvents)
        .where(eq(domainEvents.orgId, a.orgId));
      expect(outbox.map((e) => e.type).sort()).toEqual([
        "conversation.ended",
        "conversation.started",
      ]);
    });
  });

  it("takes the same event delivered 5 times at once as one row and one job", async () => {
    const body = statusUpdate("in-progress", { callId: `call-${randomBytes(4).toString("hex")}` });
    const responses = await Promise.all(
      Array.from({ length: 5 }, () =>
        postVapi(A.vapiEndpoint, body, { "x-vapi-secret": A.vapiSecret }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const rows = (await eventsOf(a.orgId)).filter((e) => e.kind === "status-update");
    expect(rows).toHaveLength(1);
    expect(await drainJobs(a.orgId)).toBe(1);
  });

  it("refuses a wrong secret, and org B's secret on org A's endpoint, storing nothing", async () => {
    const before = (await eventsOf(a.orgId)).length;
    for (const secret of ["nope", B.vapiSecret, ""]) {
      const response = await postVapi(A.vapiEndpoint, statusUpdate("ringing"), {
        "x-vapi-secret": secret,
      });
      expect(response.status).toBe(401);
    }
    expect((await eventsOf(a.orgId)).length).toBe(before);
    expect((await eventsOf(b.orgId)).length).toBe(0);
  });

  it("answers 404 for unknown endpoints, 415 for other content types, 413 for oversized bodies", async () => {
    const unknown = randomBytes(28).toString("base64url");
    expect(
      (await postVapi(unknown, statusUpdate("ringing"), { "x-vapi-secret": A.vapiSecret })).status,
    ).toBe(404);
    expect((await postVapi("not-an-endpoint", {}, { "x-vapi-secret": A.vapiSecret })).status).toBe(
      404,
    );
    expect(
      (
        await postVapi(A.vapiEndpoint, "{}", {
          "content-type": "text/plain",
          "x-vapi-secret": A.vapiSecret,
        })
      ).status,
    ).toBe(415);
    const huge = JSON.stringify({
      message: { type: "transcript", padding: "x".repeat(MAX_BODY_BYTES) },
    });
    expect((await postVapi(A.vapiEndpoint, huge, { "x-vapi-secret": A.vapiSecret })).status).toBe(
      413,
    );
  });

  it("stores an authentic but unparseable body as rejected with its reason, and answers 200", async () => {
    const response = await postVapi(
      A.vapiEndpoint,
      { hello: "world" },
      { "x-vapi-secret": A.vapiSecret },
    );
    expect(response.status).toBe(200);
    const rejected = (await eventsOf(a.orgId)).filter((e) => e.status === "rejected");
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.rejectReason).toMatch(/type/);
  });

  it("answers assistant-request with the assistant and what Luneo knows of the caller", async () => {
    const response = await postVapi(A.vapiEndpoint, assistantRequest(), {
      "x-vapi-secret": A.vapiSecret,
    });
    expect(response.status).toBe(200);
    const answer = await response.json();
    expect(answer.assistantId).toBe("asst_test_123");
    expect(answer.assistantOverrides.variableValues).toMatchObject({
      customerKnown: true,
      businessName: a.ctx.org.name,
    });
    expect(answer.assistantOverrides.variableValues.luneoContactId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("answers tool-calls with one result per toolCallId", async () => {
    const response = await postVapi(A.vapiEndpoint, toolCalls(), { "x-vapi-secret": A.vapiSecret });
    const answer = await response.json();
    expect(answer.results.map((r: { toolCallId: string }) => r.toolCallId)).toEqual([
      TOOL_CALL_IDS.checkAvailability,
    ]);
    expect(answer.results[0].result).toMatch(/is not available for/);
  });

  it("keeps org B's data apart: B sees none of A's events, calls or contacts", async () => {
    await withTenant(b.ctx, async (tx) => {
      expect(await tx.select().from(webhookEvents)).toHaveLength(0);
      expect(await tx.select().from(conversations)).toHaveLength(0);
      expect(await tx.select().from(contacts)).toHaveLength(0);
    });
    const [{ n }] = (await withTenant(a.ctx, (tx) =>
      tx.execute(sql`select count(*)::int as n from conversations where org_id = ${a.orgId}`),
    )) as unknown as [{ n: number }];
    expect(n).toBeGreaterThan(0);
  });

  it("property: any authentic body gets a 2xx, never a 5xx; a wrong secret gets 401 and stores nothing", async () => {
    const owner = await createOwner();
    const channels = await connectChannels(owner.ctx);
    const bodies = fc.oneof(
      fc.json(),
      fc
        .record({
          message: fc.record({ type: fc.string(), call: fc.anything() }, { requiredKeys: [] }),
        })
        .map((v) => JSON.stringify(v)),
      fc.string(),
    );
    await fc.assert(
      fc.asyncProperty(bodies, async (body) => {
        const response = await postVapi(channels.vapiEndpoint, body, {
          "x-vapi-secret": channels.vapiSecret,
        });
        expect(response.status).toBeGreaterThanOrEqual(200);
        expect(response.status).toBeLessThan(300);
        const stored = (await eventsOf(owner.orgId)).length;
        const refused = await postVapi(channels.vapiEndpoint, `${body} `, {
          "x-vapi-secret": `${channels.vapiSecret}x`,
        });
        expect(refused.status).toBe(401);
        expect((await eventsOf(owner.orgId)).length).toBe(stored);
      }),
      { numRuns: 60 },
    );
  });
});
