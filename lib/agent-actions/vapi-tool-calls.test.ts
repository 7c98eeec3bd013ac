import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actionExecutions, contactIdentities, tasks, timelineEvents } from "@/db/schema";
import { withTenant } from "@/lib/db/scopes";
import { stopBoss } from "@/lib/jobs/boss";
import { setupFreshDatabase } from "@/test/db";
import { createOwner, type TestOwner } from "@/test/factories";
import { assistantRequest, toolCalls, VAPI_IDS } from "@/test/fixtures/vapi";
import { connectChannels, postVapi, type Connected } from "@/test/webhooks";
import { saveActionSettings } from "./service";

// The tool-call path through the real VAPI webhook route: verified, stored, then answered by the
// registry with one result per toolCallId, HTTP 200 whatever happened.
await setupFreshDatabase();
afterAll(stopBoss);

let a: TestOwner;
let b: TestOwner;
let A: Connected;
let B: Connected;

beforeAll(async () => {
  [a, b] = await Promise.all([createOwner(), createOwner()]);
  [A, B] = await Promise.all([connectChannels(a.ctx), connectChannels(b.ctx)]);
  await saveActionSettings(a.ctx, {
    action: "ticket",
    enabled: true,
    requireApproval: false,
    config: {},
  });
});

/** A tool-calls message from VAPI for one call, asking for `calls`. */
function toolCallsBody(callId: string, calls: { id: string; name: string; arguments: unknown }[]) {
  return toolCalls({
    callId,
    message: {
      toolCallList: calls.map((c) => ({
        id: c.id,
        type: "function",
        function: { name: c.name, arguments: JSON.stringify(c.arguments) },
      })),
      toolWithToolCallList: undefined,
    },
  });
}

const post = (connected: Connected, body: unknown) =>
  postVapi(connected.vapiEndpoint, body, { "x-vapi-secret": connected.vapiSecret });

const callerContact = () =>
  withTenant(a.ctx, async (tx) => {
    const [row] = await tx
      .select({ id: contactIdentities.contactId })
      .from(contactIdentities)
      .where(
        and(
          eq(contactIdentities.kind, "phone"),
          eq(contactIdentities.value, VAPI_IDS.customerNumber),
        ),
      );
    return row?.id ?? null;
  });

describe("VAPI tool-calls", () => {
  it("creates a ticket for the caller, on their timeline, and answers with a sentence", async () => {
    const callId = `call-${randomBytes(4).toString("hex")}`;
    const response = await post(
      A,
      toolCallsBody(callId, [
        {
          id: "call_ticket_1",
          name: "ticket",
          arguments: { title: "Call back about the leaking water heater" },
        },
        { id: "call_unknown_1", name: "launchRocket", arguments: {} },
        { id: "call_bad_1", name: "ticket", arguments: { title: "" } },
      ]),
    );
    expect(response.status).toBe(200);
    const answer = await response.json();
    expect(answer).toEqual({
      results: [
        {
          toolCallId: "call_ticket_1",
          result: "I've passed it to the team: “Call back about the leaking water heater”.",
        },
        {
          toolCallId: "call_unknown_1",
          result: `The tool “launchRocket” is not available for ${a.ctx.org.name}.`,
        },
        {
          toolCallId: "call_bad_1",
          result: "I couldn't do that yet: title: The task cannot be empty.",
        },
      ],
    });
    const contactId = await callerContact();
    expect(contactId).not.toBeNull();
    await withTenant(a.ctx, async (tx) => {
      const [task] = await tx.select().from(tasks).where(eq(tasks.contactId, contactId!));
      expect(task!.title).toBe("Call back about the leaking water heater");
      const events = await tx
        .select()
        .from(timelineEvents)
        .where(eq(timelineEvents.contactId, contactId!));
      expect(events.map((e) => e.kind)).toContain("action.ticket");
      const [execution] = await tx
        .select()
        .from(actionExecutions)
        .where(eq(actionExecutions.idempotencyKey, `vapi:${callId}:call_ticket_1`));
      expect(execution).toMatchObject({
        source: "agent",
        callId,
        actorId: "vapi tool call",
        status: "succeeded",
      });
    });
  });

  it("runs a tool call once when VAPI sends it 5 times at once: one task, five identical answers", async () => {
    const callId = `call-${randomBytes(4).toString("hex")}`;
    const body = toolCallsBody(callId, [
      {
        id: "call_ticket_2",
        name: "ticket",
        arguments: { title: "Send the boiler quote by email" },
      },
    ]);
    const count = async () =>
      (
        await withTenant(a.ctx, (tx) =>
          tx.select().from(tasks).where(eq(tasks.title, "Send the boiler quote by email")),
        )
      ).length;
    const responses = await Promise.all(Array.from({ length: 5 }, () => post(A, body)));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const answers = await Promise.all(responses.map((r) => r.json()));
    expect(new Set(answers.map((x) => JSON.stringify(x))).size).toBe(1);
    expect(answers[0].results[0].result).toMatch(/^I've passed it to the team/);
    expect(await count()).toBe(1);
  });

  it("answers that a tool is turned off for an org that has not enabled it, creating nothing", async () => {
    const response = await post(
      B,
      toolCallsBody("call-b", [{ id: "call_ticket_b", name: "ticket", arguments: { title: "x" } }]),
    );
    expect(await response.json()).toEqual({
      results: [
        { toolCallId: "call_ticket_b", result: "Follow-up task is turned off for this business." },
      ],
    });
    expect(await withTenant(b.ctx, (tx) => tx.select().from(tasks))).toEqual([]);
  });

  it("answers transfer-destination-request with the number, or an error in words", async () => {
    const body = {
      message: {
        type: "transfer-destination-request",
        call: { id: "call-t" },
        customer: { number: VAPI_IDS.customerNumber },
      },
    };
    expect(await (await post(B, body)).json()).toEqual({
      error: "Transfer to a person is turned off for this business.",
    });
    await saveActionSettings(b.ctx, {
      action: "transfer",
      enabled: true,
      requireApproval: false,
      config: { number: "+14155550123", message: "Connecting you to our office now." },
    });
    expect(await (await post(B, body)).json()).toEqual({
      destination: {
        type: "number",
        number: "+14155550123",
        message: "Connecting you to our office now.",
      },
    });
  });

  it("gives the assistant Luneo provides the org's turned-on actions as tools", async () => {
    const org = await createOwner();
    const connected = await connectChannels(org.ctx, null, null);
    const before = await (await post(connected, assistantRequest())).json();
    expect(before.assistant.model.tools).toBeUndefined();
    await saveActionSettings(org.ctx, {
      action: "ticket",
      enabled: true,
      requireApproval: false,
      config: {},
    });
    await saveActionSettings(org.ctx, {
      action: "transfer",
      enabled: true,
      requireApproval: false,
      config: {},
    });
    const { assistant } = await (await post(connected, assistantRequest())).json();
    expect(assistant.model.tools.map((t: { type: string }) => t.type)).toEqual([
      "function",
      "transferCall",
    ]);
    expect(assistant.model.tools[0].function).toMatchObject({
      name: "ticket",
      parameters: { type: "object" },
    });
    expect(assistant.serverMessages).toEqual(
      expect.arrayContaining(["tool-calls", "transfer-destination-request"]),
    );
  });
});
