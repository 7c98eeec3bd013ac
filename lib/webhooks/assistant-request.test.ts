import { drainInbox } from "@/test/inbox";
import { waitFor } from "@/test/wait";
import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { conversations, orgs, orgVerticals } from "@/db/schema";
import { withTenant } from "@/lib/db/scopes";
import { stopBoss } from "@/lib/jobs/boss";
import { summariseConversation } from "@/lib/memory/summarise";
import { editVerticalConfig, selectVertical } from "@/lib/verticals/service";
import { realEstateV1 } from "@/lib/verticals/templates/real-estate-v1";
import { setupFreshDatabase } from "@/test/db";
import { createOwner, type TestOwner } from "@/test/factories";
import { assistantRequest, endOfCallReport, statusUpdate, VAPI_IDS } from "@/test/fixtures/vapi";
import { connectChannels, postVapi, type Connected } from "@/test/webhooks";

// VAPI's assistant-request is answered from the org's stored (resolved) vertical configuration, so
// what the owner changes in the wizard is what the next caller hears.

await setupFreshDatabase();
afterAll(stopBoss);
afterEach(() => {
  vi.useRealTimers();
});

let a: TestOwner;
let b: TestOwner;
let A: Connected;
let B: Connected;

beforeAll(async () => {
  [a, b] = await Promise.all([createOwner(), createOwner()]);
  [A, B] = await Promise.all([connectChannels(a.ctx), connectChannels(b.ctx)]);
});

/** One assistant-request on `channels`' endpoint, from a number Luneo has never seen. */
async function ask(channels: Connected) {
  const response = await postVapi(channels.vapiEndpoint, assistantRequest(), {
    "x-vapi-secret": channels.vapiSecret,
  });
  expect(response.status).toBe(200);
  return response.json();
}

const customize = (owner: TestOwner, greeting: string) =>
  editVerticalConfig(
    owner.ctx,
    { agent: { greeting } },
    { action: "verticals.customized", sections: ["agent"] },
  );

const setTimezone = (owner: TestOwner, timezone: string) =>
  withTenant(owner.ctx, (tx) => tx.update(orgs).set({ timezone }).where(eq(orgs.id, owner.orgId)));

describe("assistant-request answered from the org's vertical configuration", () => {
  it("answers an org without a vertical as before: the caller's variables, no first message", async () => {
    expect(await ask(B)).toStrictEqual({
      assistantId: "asst_test_123",
      assistantOverrides: {
        variableValues: {
          businessName: b.ctx.org.name,
          customerKnown: false,
          customerName: "",
          lastInteractionAt: "",
          luneoContactId: "",
          customerSummary: "",
          customerOpenItems: "",
          customerFacts: "",
        },
      },
    });
  });

  it("greets with the wizard's greeting on the very next call after it is saved", async () => {
    await selectVertical(a.ctx, { slug: "real-estate" });
    await customize(a, "Welcome to {{businessName}}!");
    const answer = await ask(A);
    expect(answer.assistantId).toBe("asst_test_123");
    expect(answer.assistantOverrides.firstMessage.startsWith(`Welcome to ${a.ctx.org.name}!`)).toBe(
      true,
    );
    const values = answer.assistantOverrides.variableValues;
    expect(values).toMatchObject({ businessName: a.ctx.org.name, language: "en-US" });
    expect(typeof values.openNow).toBe("boolean");
    expect(values.openingHours).toBe(
      "Mon–Fri 09:00–12:30, 14:00–19:00; Sat 10:00–17:00; Sun closed",
    );
    expect(values.knowledge).toMatch(/^Q: How do I book a viewing\?\nA: /);
    expect(values.persona).toContain(a.ctx.org.name);

    await customize(a, "Good day, {{businessName}} speaking.");
    expect((await ask(A)).assistantOverrides.firstMessage).toMatch(
      new RegExp(`^Good day, ${a.ctx.org.name} speaking\\.`),
    );
  });

  it("never gives org B org A's greeting, even with requests of both in flight together", async () => {
    await customize(a, "Welcome to {{businessName}}!");
    expect(JSON.stringify(await ask(B))).not.toContain(a.ctx.org.name);

    await selectVertical(b.ctx, { slug: "real-estate" });
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => ask(i % 2 ? B : A)));
    answers.forEach((answer, i) => {
      const [own, other] = i % 2 ? [b, a] : [a, b];
      const text = JSON.stringify(answer);
      expect(text).toContain(own.ctx.org.name);
      expect(text).not.toContain(other.ctx.org.name);
    });
    expect(answers[1].assistantOverrides.firstMessage).toMatch(
      new RegExp(`^Hi, thanks for calling ${b.ctx.org.name}!`),
    );
    expect(JSON.stringify(answers[1])).not.toContain("Welcome to");
  });

  it("adds the closed message outside opening hours, read in the org's time zone", async () => {
    const closed = realEstateV1.agent.closedMessage;
    vi.useFakeTimers({ toFake: ["Date"] });

    // Monday 08:30 UTC: closed in UTC (opens at 09:00), open in Paris (09:30).
    vi.setSystemTime(new Date("2026-11-23T08:30:00Z"));
    let answer = await ask(A);
    expect(answer.assistantOverrides.variableValues.openNow).toBe(false);
    expect(answer.assistantOverrides.firstMessage).toBe(`Welcome to ${a.ctx.org.name}! ${closed}`);

    await setTimezone(a, "Europe/Paris");
    // The receiver drops the org's kept endpoint when PostgreSQL notifies the change
    // (lib/webhooks/endpoint-cache.ts): within milliseconds, not necessarily before the next ask.
    answer = await waitFor(
      () => ask(A),
      (a) => a.assistantOverrides.variableValues.openNow === true,
    );
    expect(answer.assistantOverrides.variableValues.openNow).toBe(true);
    expect(answer.assistantOverrides.firstMessage).toBe(`Welcome to ${a.ctx.org.name}!`);

    // B stays on UTC.
    expect((await ask(B)).assistantOverrides.variableValues.openNow).toBe(false);

    // Sunday: closed everywhere.
    vi.setSystemTime(new Date("2026-11-22T12:00:00Z"));
    expect((await ask(A)).assistantOverrides.firstMessage).toBe(
      `Welcome to ${a.ctx.org.name}! ${closed}`,
    );
  });

  it("answers as without a vertical, never 5xx, when the stored configuration cannot be read", async () => {
    const c = await createOwner();
    const C = await connectChannels(c.ctx);
    await selectVertical(c.ctx, { slug: "real-estate" });
    await withTenant(c.ctx, (tx) =>
      tx
        .update(orgVerticals)
        .set({ resolved: { label: "not a configuration" } })
        .where(eq(orgVerticals.orgId, c.orgId)),
    );
    const answer = await ask(C);
    expect(answer.assistantOverrides.firstMessage).toBeUndefined();
    expect(answer.assistantOverrides.variableValues).toStrictEqual({
      businessName: c.ctx.org.name,
      customerKnown: false,
      customerName: "",
      lastInteractionAt: "",
      luneoContactId: "",
      customerSummary: "",
      customerOpenItems: "",
      customerFacts: "",
    });
  });
});

describe("assistant-request answered with what Luneo remembers of the caller", () => {
  /** Runs the ingest job of every event `orgId`'s endpoints stored, like the worker would. */
  async function ingest(orgId: string) {
    await drainInbox(orgId);
  }

  it("gives a known caller's memory to the agent, and nothing of it to another org with the same number", async () => {
    const [m, n] = await Promise.all([createOwner(), createOwner()]);
    const [M, N] = await Promise.all([connectChannels(m.ctx), connectChannels(n.ctx)]);
    // The same person called both businesses; only M's call has been summarised.
    const secret = (c: Connected) => ({ "x-vapi-secret": c.vapiSecret });
    expect((await postVapi(M.vapiEndpoint, endOfCallReport(), secret(M))).status).toBe(200);
    expect((await postVapi(N.vapiEndpoint, statusUpdate("in-progress"), secret(N))).status).toBe(
      200,
    );
    await Promise.all([ingest(m.orgId), ingest(n.orgId)]);
    const [call] = await withTenant(m.ctx, (tx) =>
      tx
        .select({ id: conversations.id })
        .from(conversations)
        .where(
          and(eq(conversations.orgId, m.orgId), eq(conversations.vapiCallId, VAPI_IDS.callId)),
        ),
    );
    expect(await summariseConversation({ orgId: m.orgId, conversationId: call!.id })).toBe(
      "summarised",
    );

    const known = await ask(M);
    expect(known.assistantOverrides.variableValues).toMatchObject({
      customerKnown: true,
      // No name on the contact yet: the one VAPI's analysis heard.
      customerName: "Dana Whitfield",
      customerSummary: expect.stringContaining("water heater"),
      customerFacts: expect.stringContaining("issue: water heater leaking"),
    });
    expect(known.assistantOverrides.variableValues.customerOpenItems).toContain(
      "Add a note for the technician to check the kitchen faucet",
    );

    const other = await ask(N);
    expect(other.assistantOverrides.variableValues).toMatchObject({
      customerKnown: true,
      customerName: "",
      customerSummary: "",
      customerOpenItems: "",
      customerFacts: "",
    });
    expect(JSON.stringify(other)).not.toMatch(/water heater|Whitfield|faucet/);
  });
});

describe("assistant-request without an Assistant ID: a whole assistant built from the configuration", () => {
  it("answers a transient assistant (never a call turned away), and keeps assistantId mode when one is set", async () => {
    const t = await createOwner();
    const T = await connectChannels(t.ctx, null, null);
    // Before a vertical: a working receptionist that takes a message, with the base defaults.
    let answer = await ask(T);
    expect(answer.error).toBeUndefined();
    expect(answer.assistantId).toBeUndefined();
    expect(answer.assistant).toMatchObject({
      firstMessage: `Hello, you have reached ${t.ctx.org.name}. How can I help you?`,
      model: { provider: "openai", model: "gpt-4o-mini" },
      voice: { provider: "vapi", voiceId: "Elliot" },
      transcriber: { provider: "deepgram", language: "en" },
    });
    expect(answer.assistant.model.messages).toEqual([
      {
        role: "system",
        content: expect.stringContaining(`You answer the phone for ${t.ctx.org.name}.`),
      },
    ]);

    // With the real-estate trade: its greeting, persona, knowledge, qualification and escalation.
    await selectVertical(t.ctx, { slug: "real-estate" });
    await customize(t, "Welcome to {{businessName}}!");
    answer = await ask(T);
    expect(answer.assistant.firstMessage.startsWith(`Welcome to ${t.ctx.org.name}!`)).toBe(true);
    const prompt: string = answer.assistant.model.messages[0].content;
    expect(prompt).toContain("How do I book a viewing?");
    expect(prompt).toContain("## Questions to qualify the caller");
    expect(prompt).toContain("## When to hand over to a person");
    expect(prompt).toContain("Speak American English");
    expect(prompt).toContain("A first-time caller");
    expect(prompt).not.toContain("{{");
    // The trade's list, without the phone number's own message (VAPI's assistant refuses it).
    expect(answer.assistant.serverMessages).toEqual(
      realEstateV1.serverMessages.filter((m) => m !== "assistant-request"),
    );
    expect(answer.assistant.serverMessages).toContain("end-of-call-report");
    expect(answer.assistantOverrides.variableValues.businessName).toBe(t.ctx.org.name);

    // A French-speaking business gets a French voice and transcriber.
    await editVerticalConfig(
      t.ctx,
      { agent: { language: "fr-FR" } },
      { action: "verticals.customized", sections: ["agent"] },
    );
    answer = await ask(T);
    expect(answer.assistant.voice).toEqual({ provider: "azure", voiceId: "fr-FR-DeniseNeural" });
    expect(answer.assistant.transcriber.language).toBe("fr");

    // Setting an Assistant ID switches back to that assistant plus overrides.
    await connectChannels(t.ctx, null, "asst_own_1");
    answer = await ask(T);
    expect(answer.assistant).toBeUndefined();
    expect(answer.assistantId).toBe("asst_own_1");
    expect(answer.assistantOverrides.firstMessage.startsWith(`Welcome to ${t.ctx.org.name}!`)).toBe(
      true,
    );
  });

  it("writes the caller's memory into the transient assistant's prompt", async () => {
    const m = await createOwner();
    const M = await connectChannels(m.ctx, null, null);
    expect(
      (await postVapi(M.vapiEndpoint, endOfCallReport(), { "x-vapi-secret": M.vapiSecret })).status,
    ).toBe(200);
    await drainInbox(m.orgId);
    const [call] = await withTenant(m.ctx, (tx) =>
      tx
        .select({ id: conversations.id })
        .from(conversations)
        .where(eq(conversations.orgId, m.orgId)),
    );
    await summariseConversation({ orgId: m.orgId, conversationId: call!.id });
    const answer = await ask(M);
    const prompt: string = answer.assistant.model.messages[0].content;
    expect(prompt).toContain("This caller is known to");
    expect(prompt).toContain("Dana Whitfield");
    expect(prompt).toContain("water heater");
    expect(answer.assistant.metadata.luneoContactId).toBe(
      answer.assistantOverrides.variableValues.luneoContactId,
    );
  });
});
