import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { and, asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { contactFacts, contactMemory, conversations } from "@/db/schema";
import type { TenantContext } from "@/lib/context";
import { withTenant } from "@/lib/db/scopes";
import { selectVertical } from "@/lib/verticals/service";
import { ownerSql, setupFreshDatabase } from "@/test/db";
import { createOwner, type TestOwner } from "@/test/factories";
import { STRUCTURED_DATA, SUMMARY } from "@/test/fixtures/vapi";
import { createLlmSummariser } from "./llm-summariser";
import { correctFact } from "./service";
import { summariseConversation } from "./summarise";
import type { Summariser } from "./summariser";
import {
  conversationSummary,
  insertContact,
  insertConversation,
  REAL_ESTATE_CALL,
  RENTAL_SMS,
} from "@/test/fixtures/memory";

await setupFreshDatabase();

let a: TestOwner;

beforeAll(async () => {
  a = await createOwner();
  await selectVertical(a.ctx, { slug: "real-estate" });
});

/** Everything the job writes for a contact, without the timestamps that say when. */
async function memoryRows(ctx: TenantContext, contactId: string) {
  return withTenant(ctx, async (tx) => {
    const [memory] = await tx
      .select({
        summary: contactMemory.summary,
        openItems: contactMemory.openItems,
        agentBrief: contactMemory.agentBrief,
        lastConversationId: contactMemory.lastConversationId,
      })
      .from(contactMemory)
      .where(and(eq(contactMemory.orgId, ctx.org.id), eq(contactMemory.contactId, contactId)));
    const facts = await tx
      .select({
        key: contactFacts.key,
        value: contactFacts.value,
        conversationId: contactFacts.conversationId,
        source: contactFacts.source,
      })
      .from(contactFacts)
      .where(and(eq(contactFacts.orgId, ctx.org.id), eq(contactFacts.contactId, contactId)))
      .orderBy(asc(contactFacts.key));
    const calls = await tx
      .select({
        id: conversations.id,
        summary: conversations.summary,
        summarySource: conversations.summarySource,
      })
      .from(conversations)
      .where(and(eq(conversations.orgId, ctx.org.id), eq(conversations.contactId, contactId)))
      .orderBy(asc(conversations.id));
    return { memory, facts, calls };
  });
}

const factsOf = (rows: Awaited<ReturnType<typeof memoryRows>>) =>
  Object.fromEntries(rows.facts.map((f) => [f.key, f.value]));

async function resolvedCall(ctx = a.ctx, name: string | null = null) {
  const contactId = await insertContact(ctx, name);
  const conversationId = await insertConversation(ctx, { contactId, turns: REAL_ESTATE_CALL });
  return { contactId, conversationId };
}

describe("summariseConversation", () => {
  it("folds a resolved call into the contact's memory and precomputes the agent brief", async () => {
    const { contactId, conversationId } = await resolvedCall();
    expect(await summariseConversation({ orgId: a.orgId, conversationId })).toBe("summarised");

    const call = await conversationSummary(a.ctx, conversationId);
    expect(call.summary).toMatch(/^The caller said: "I'm looking to buy a three-bedroom house/);
    expect(call.summarySource).toBe("offline");
    expect(call.summarisedAt).toBeInstanceOf(Date);

    const rows = await memoryRows(a.ctx, contactId);
    expect(factsOf(rows)).toMatchObject({ budget: "650000", area: "Harbour View", bedrooms: "3" });
    expect(rows.facts.every((f) => f.conversationId === conversationId)).toBe(true);
    expect(rows.facts.every((f) => f.source === "offline")).toBe(true);
    expect(rows.memory!.summary).toBe(`16 Nov (call): ${call.summary}`);
    expect(rows.memory!.lastConversationId).toBe(conversationId);
    expect(rows.memory!.openItems).toEqual([
      {
        text: "Email the caller the brochure for the two houses on Quay Street today",
        conversationId,
        createdAt: "2026-11-16T10:30:00.000Z",
      },
      {
        text: "One of our agents will call the caller back tomorrow morning to arrange viewings",
        conversationId,
        createdAt: "2026-11-16T10:30:00.000Z",
      },
    ]);
    expect(rows.memory!.agentBrief).toEqual({
      customerName: "Priya Raman",
      customerSummary: rows.memory!.summary,
      customerOpenItems:
        "Email the caller the brochure for the two houses on Quay Street today; One of our agents will call the caller back tomorrow morning to arrange viewings",
      // The vertical's questions first, in their order.
      customerFacts:
        "buy_or_rent: Buy; budget: 650000; area: Harbour View; timing: Within 3 months; bedrooms: 3; email: priya.raman@example.com",
    });
  });

  it("is idempotent: running it again, or forced, leaves the same rows", async () => {
    const { contactId, conversationId } = await resolvedCall();
    await summariseConversation({ orgId: a.orgId, conversationId });
    const first = await memoryRows(a.ctx, contactId);
    await summariseConversation({ orgId: a.orgId, conversationId });
    await summariseConversation({ orgId: a.orgId, conversationId, force: true });
    expect(await memoryRows(a.ctx, contactId)).toEqual(first);
  });

  it("keeps VAPI's summary (marking it vapi), and takes its structured data as facts", async () => {
    const contactId = await insertContact(a.ctx);
    const conversationId = await insertConversation(a.ctx, {
      contactId,
      turns: REAL_ESTATE_CALL,
      summary: SUMMARY,
      structuredData: STRUCTURED_DATA,
    });
    await summariseConversation({ orgId: a.orgId, conversationId });
    const call = await conversationSummary(a.ctx, conversationId);
    expect(call).toMatchObject({ summary: SUMMARY, summarySource: "vapi" });
    const rows = await memoryRows(a.ctx, contactId);
    expect(rows.facts).toEqual(
      expect.arrayContaining([
        { key: "customer_name", value: "Dana Whitfield", conversationId, source: "vapi" },
        { key: "budget", value: "650000", conversationId, source: "offline" },
      ]),
    );
    expect(rows.memory!.summary.startsWith("16 Nov (call): Dana Whitfield called about")).toBe(
      true,
    );
    // Run again: VAPI's text is still the conversation's, not taken for the job's own.
    await summariseConversation({ orgId: a.orgId, conversationId });
    expect(await conversationSummary(a.ctx, conversationId)).toMatchObject({
      summary: SUMMARY,
      summarySource: "vapi",
    });
  });

  it("never overwrites a fact an admin set, and the brief says the admin's value", async () => {
    const { contactId, conversationId } = await resolvedCall();
    await correctFact(a.ctx, contactId, "budget", "720000");
    await summariseConversation({ orgId: a.orgId, conversationId });
    const rows = await memoryRows(a.ctx, contactId);
    expect(rows.facts.find((f) => f.key === "budget")).toEqual({
      key: "budget",
      value: "720000",
      conversationId: null,
      source: "admin",
    });
    expect(rows.memory!.agentBrief.customerFacts).toContain("budget: 720000");
    // Summarised again (a retry, a new event): still the admin's.
    await summariseConversation({ orgId: a.orgId, conversationId, force: true });
    expect(factsOf(await memoryRows(a.ctx, contactId)).budget).toBe("720000");
  });

  it("is retried after a failure and then writes what a single run writes", async () => {
    const failing: Summariser = {
      name: "offline",
      summarise: () => Promise.reject(new Error("worker killed mid-summary")),
    };
    const { contactId, conversationId } = await resolvedCall();
    await expect(
      summariseConversation({ orgId: a.orgId, conversationId }, { summariser: failing }),
    ).rejects.toThrow(/worker killed/);
    expect(await memoryRows(a.ctx, contactId)).toMatchObject({ memory: undefined, facts: [] });

    // A database error half-way through the write: the transaction leaves nothing behind.
    // (DDL needs the owning connection: the app roles may not alter tables.)
    await ownerSql()`alter table contact_memory add constraint test_refuses_memory check (false) not valid`;
    try {
      await expect(summariseConversation({ orgId: a.orgId, conversationId })).rejects.toThrow();
    } finally {
      await ownerSql()`alter table contact_memory drop constraint test_refuses_memory`;
    }
    expect(await memoryRows(a.ctx, contactId)).toMatchObject({ memory: undefined, facts: [] });
    expect((await conversationSummary(a.ctx, conversationId)).summarisedAt).toBeNull();

    // The retry.
    expect(await summariseConversation({ orgId: a.orgId, conversationId })).toBe("summarised");
    const retried = await memoryRows(a.ctx, contactId);
    const clean = await resolvedCall();
    await summariseConversation({ orgId: a.orgId, conversationId: clean.conversationId });
    const single = await memoryRows(a.ctx, clean.contactId);
    const withoutIds = (rows: typeof single, id: string) =>
      JSON.parse(JSON.stringify(rows.memory).replaceAll(id, "<conversation>"));
    expect(withoutIds(retried, conversationId)).toEqual(withoutIds(single, clean.conversationId));
    expect(retried.facts.map(({ key, value, source }) => ({ key, value, source }))).toEqual(
      single.facts.map(({ key, value, source }) => ({ key, value, source })),
    );
  });

  it("falls back to the offline summariser when the LLM is down, and completes", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const llm = createLlmSummariser({
      baseUrl: `http://127.0.0.1:${port}/v1`,
      apiKey: "sk-test",
      model: "gpt-4o-mini",
    });
    const { contactId, conversationId } = await resolvedCall();
    expect(
      await summariseConversation({ orgId: a.orgId, conversationId }, { summariser: llm }),
    ).toBe("summarised");
    expect((await conversationSummary(a.ctx, conversationId)).summarySource).toBe("offline");
    expect(factsOf(await memoryRows(a.ctx, contactId)).budget).toBe("650000");
  });

  it("builds one rolling summary across conversations; the newer conversation's facts win in any order", async () => {
    const contactId = await insertContact(a.ctx);
    const october = await insertConversation(a.ctx, {
      contactId,
      channel: "sms",
      turns: RENTAL_SMS,
      at: new Date("2026-10-02T18:00:00Z"),
    });
    const november = await insertConversation(a.ctx, { contactId, turns: REAL_ESTATE_CALL });
    // The newer one first, then the older one (a late SMS job, or an API request).
    await summariseConversation({ orgId: a.orgId, conversationId: november });
    await summariseConversation({ orgId: a.orgId, conversationId: october, force: true });
    const rows = await memoryRows(a.ctx, contactId);
    expect(rows.memory!.summary).toMatch(
      /^16 Nov \(call\): The caller said: .* 2 Oct \(SMS\): By text, the caller wrote: "Is the 2-bed flat/,
    );
    expect(rows.memory!.lastConversationId).toBe(november);
    expect(factsOf(rows)).toMatchObject({ budget: "650000", bedrooms: "3", buy_or_rent: "Buy" });
    expect(rows.memory!.openItems.map((i) => i.conversationId)).toEqual([
      november,
      november,
      october,
    ]);
    // Summarising both again, in the other order, changes nothing.
    await summariseConversation({ orgId: a.orgId, conversationId: october, force: true });
    await summariseConversation({ orgId: a.orgId, conversationId: november });
    expect(await memoryRows(a.ctx, contactId)).toEqual(rows);
  });

  it("keeps both when two conversations of one contact are summarised at the same time", async () => {
    const contactId = await insertContact(a.ctx);
    const ids = await Promise.all(
      [1, 2, 3].map((day) =>
        insertConversation(a.ctx, {
          contactId,
          // Each different: a sentence already in the rolling summary is not said twice.
          turns: [
            { role: "user", content: `I would like to visit the flat on day ${day}, please.` },
          ],
          at: new Date(Date.UTC(2026, 10, day, 12)),
        }),
      ),
    );
    await Promise.all(
      ids.map((conversationId) => summariseConversation({ orgId: a.orgId, conversationId })),
    );
    const { memory } = await memoryRows(a.ctx, contactId);
    expect(memory!.summary).toMatch(/^3 Nov \(call\): .* 2 Nov \(call\): .* 1 Nov \(call\): /);
    expect(memory!.lastConversationId).toBe(ids[2]);
  });

  it("a call without a word from the caller adds nothing to memory, however many there are", async () => {
    const contactId = await insertContact(a.ctx);
    const spoken = await insertConversation(a.ctx, {
      contactId,
      turns: REAL_ESTATE_CALL,
      at: new Date("2026-11-01T12:00:00Z"),
    });
    await summariseConversation({ orgId: a.orgId, conversationId: spoken });
    const before = await memoryRows(a.ctx, contactId);
    for (let day = 2; day <= 10; day++) {
      const silent = await insertConversation(a.ctx, {
        contactId,
        turns: [{ role: "assistant", content: "Hello, you have reached the agency. Hello?" }],
        at: new Date(Date.UTC(2026, 10, day, 12)),
      });
      expect(await summariseConversation({ orgId: a.orgId, conversationId: silent })).toBe(
        "summarised",
      );
    }
    const after = await memoryRows(a.ctx, contactId);
    expect(after.memory!.summary).toBe(before.memory!.summary);
    expect(after.memory!.summary).not.toMatch(/no recorded words/);
    expect(after.memory!.openItems).toEqual(before.memory!.openItems);
    expect(after.facts).toEqual(before.facts);
    const silentSummaries = await withTenant(a.ctx, (tx) =>
      tx
        .select({ summary: conversations.summary })
        .from(conversations)
        .where(
          and(eq(conversations.contactId, contactId), eq(conversations.summarySource, "offline")),
        ),
    );
    expect(silentSummaries.filter((r) => r.summary === null)).toHaveLength(9);
  });

  it("waits until a conversation is resolved: a call has ended, an SMS thread has gone quiet", async () => {
    const contactId = await insertContact(a.ctx);
    const live = await insertConversation(a.ctx, {
      contactId,
      status: "in-progress",
      turns: REAL_ESTATE_CALL,
    });
    expect(await summariseConversation({ orgId: a.orgId, conversationId: live })).toBe("not-ended");
    const lastText = new Date("2026-11-16T10:30:00Z");
    const thread = await insertConversation(a.ctx, {
      contactId,
      channel: "sms",
      turns: RENTAL_SMS,
      at: lastText,
    });
    const after = (minutes: number) => () => new Date(lastText.getTime() + minutes * 60_000);
    expect(
      await summariseConversation({ orgId: a.orgId, conversationId: thread }, { now: after(12) }),
    ).toBe("not-idle");
    expect((await conversationSummary(a.ctx, thread)).summarisedAt).toBeNull();
    expect(
      await summariseConversation({ orgId: a.orgId, conversationId: thread }, { now: after(30) }),
    ).toBe("summarised");
    // An explicit request does not wait.
    expect(await summariseConversation({ orgId: a.orgId, conversationId: live, force: true })).toBe(
      "summarised",
    );
  });

  it("skips a conversation without a contact, and one that no longer exists", async () => {
    const anonymous = await insertConversation(a.ctx, {
      contactId: null,
      turns: REAL_ESTATE_CALL,
    });
    expect(await summariseConversation({ orgId: a.orgId, conversationId: anonymous })).toBe(
      "no-contact",
    );
    expect((await conversationSummary(a.ctx, anonymous)).summarisedAt).toBeNull();
    expect(
      await summariseConversation({
        orgId: a.orgId,
        conversationId: "00000000-0000-4000-8000-000000000000",
      }),
    ).toBe("missing");
  });

  it("never reaches another org's conversation, even given its id", async () => {
    const b = await createOwner();
    const { contactId, conversationId } = await resolvedCall(b.ctx);
    expect(await summariseConversation({ orgId: a.orgId, conversationId })).toBe("missing");
    expect((await memoryRows(b.ctx, contactId)).memory).toBeUndefined();
  });
});
