import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { contactFacts, contactMemory, contacts, conversations, messages } from "@/db/schema";
import { contactFilterSchema } from "@/lib/contacts/filters";
import { previewMergeRecorded } from "@/lib/contacts/merge/service";
import { getMergeStart } from "@/lib/contacts/merge/queries";
import { listContacts } from "@/lib/contacts/queries";
import { withTenant } from "@/lib/db/scopes";
import { setupFreshDatabase } from "@/test/db";
import { createOwner, type TestOwner } from "@/test/factories";
import { generateTenantData } from "./large-tenant";
import { SCENARIOS } from "./scenarios";

const { url } = await setupFreshDatabase();

let owner: TestOwner;

beforeAll(async () => {
  owner = await createOwner();
  // The demo seed's size: every demo contact comes from here.
  await generateTenantData(url, owner.orgId, 60, () => {}, 25);
});

describe("generated tenant data", () => {
  it("gives every contact and conversation an id the app's strict uuid checks accept", async () => {
    const ids = await withTenant(owner.ctx, async (tx) => [
      ...(await tx
        .select({ id: contacts.id })
        .from(contacts)
        .where(eq(contacts.orgId, owner.orgId))),
      ...(await tx
        .select({ id: conversations.id })
        .from(conversations)
        .where(eq(conversations.orgId, owner.orgId))),
    ]);
    expect(ids).toHaveLength(60 * 3);
    // z.uuid() is the merge page's and the list cursor's check (RFC 9562 version and variant).
    expect(ids.filter(({ id }) => !z.uuid().safeParse(id).success)).toEqual([]);
  });

  it("lets the merge page open a seeded contact and compare it with another", async () => {
    const { rows } = await listContacts(owner.ctx, contactFilterSchema.parse({}), { limit: 2 });
    const [first, second] = rows;
    // What the merge page does with its params: the id passes z.uuid(), the contact loads.
    expect(z.uuid().safeParse(first!.id).success).toBe(true);
    const start = await getMergeStart(owner.ctx, first!.id);
    expect(start.id).toBe(first!.id);
    const preview = await previewMergeRecorded(owner.ctx, first!.id, second!.id);
    expect(preview.survivor.id).toBe(first!.id);
  });

  it("pages through the seeded contacts with the list cursor", async () => {
    const filter = contactFilterSchema.parse({});
    const one = await listContacts(owner.ctx, filter, { limit: 50 });
    expect(one.nextCursor).not.toBeNull();
    const two = await listContacts(owner.ctx, filter, { limit: 50, cursor: one.nextCursor });
    expect(one.rows.length + two.rows.length).toBe(60);
  });
});

describe("the demo's conversations", () => {
  const read = () =>
    withTenant(owner.ctx, async (tx) => ({
      contacts: await tx.select().from(contacts).where(eq(contacts.orgId, owner.orgId)),
      conversations: await tx
        .select()
        .from(conversations)
        .where(eq(conversations.orgId, owner.orgId)),
      messages: await tx.select().from(messages).where(eq(messages.orgId, owner.orgId)),
      memory: await tx.select().from(contactMemory).where(eq(contactMemory.orgId, owner.orgId)),
      facts: await tx.select().from(contactFacts).where(eq(contactFacts.orgId, owner.orgId)),
    }));

  it("read like calls and texts, not fixtures: no turn counters, no unfilled placeholders", async () => {
    const data = await read();
    const texts = [
      ...data.messages.map((m) => m.content),
      ...data.conversations.flatMap((c) => (c.summary ? [c.summary] : [])),
      ...data.memory.flatMap((m) => [m.summary, ...Object.values(m.agentBrief)]),
      ...data.memory.flatMap((m) => m.openItems.map((i) => i.text)),
      ...data.facts.map((f) => f.value),
    ];
    expect(data.messages.length).toBeGreaterThan(60 * 2 * 3);
    expect(texts.filter((t) => /\bturn \d+/i.test(t))).toEqual([]);
    expect(texts.filter((t) => /\{[a-z]+\}/.test(t))).toEqual([]);
    // Every conversation has turns from both sides.
    const roles = new Map<string, Set<string>>();
    for (const m of data.messages) {
      roles.set(m.conversationId, (roles.get(m.conversationId) ?? new Set()).add(m.role));
    }
    expect([...roles.values()].filter((r) => r.size !== 2)).toEqual([]);
    expect(roles.size).toBe(60 * 2);
  });

  it("never names a caller who gave no name", () => {
    const texts = (s: (typeof SCENARIOS)[number]) =>
      [...s.sms, ...s.call].map(([, text]) => text).concat(s.summary, s.memory, s.openItem ?? "");
    const anonymous = SCENARIOS.filter((s) => s.anonymous);
    expect(anonymous.length).toBeGreaterThanOrEqual(2);
    expect(anonymous.flatMap(texts).filter((t) => /\{(first|last|name)\}/.test(t))).toEqual([]);
  });

  it("shows at least fifteen different scenarios among the sixty callers", async () => {
    const { conversations: seeded } = await read();
    const summaries = seeded.flatMap((c) => (c.summary ? [c.summary] : []));
    // A scenario's summary with its placeholders as wildcards: which scenarios the calls came from.
    const pattern = (template: string) =>
      new RegExp(
        `^${template
          .split(/\{[a-z]+\}/)
          .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, "\\$&"))
          .join(".+?")}$`,
      );
    const seen = SCENARIOS.filter((s) => summaries.some((text) => pattern(s.summary).test(text)));
    expect(seen.length).toBeGreaterThanOrEqual(15);
    expect(seen.map((s) => s.key)).toEqual(
      expect.arrayContaining(["wrong-number", "french-caller", "pet-friendly", "commercial-lease"]),
    );
  });

  it("puts calls in office hours, and the after-hours caller in the evening", async () => {
    const calls = await withTenant(owner.ctx, (tx) =>
      tx.execute<{ summary: string; hour: number }>(sql`
        select c.summary, extract(hour from c.started_at at time zone o.timezone)::int as hour
          from conversations c join orgs o on o.id = c.org_id
         where c.org_id = ${owner.orgId} and c.channel = 'voice'`),
    );
    expect(calls).toHaveLength(60);
    const evening = calls.filter((c) => c.summary.startsWith("After-hours call"));
    expect(evening.length).toBeGreaterThan(0);
    expect(evening.filter((c) => c.hour < 19)).toEqual([]);
    expect(calls.filter((c) => !evening.includes(c) && (c.hour < 9 || c.hour > 17))).toEqual([]);
  });

  it("keeps names, areas and budgets consistent with each contact's profile", async () => {
    const data = await read();
    const byId = new Map(data.contacts.map((c) => [c.id, c]));
    let checked = 0;
    for (const fact of data.facts) {
      const contact = byId.get(fact.contactId)!;
      if (fact.key === "area" || fact.key === "budget" || fact.key === "bedrooms") {
        expect(fact.value).toBe(String(contact.leadFields[fact.key]));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(30);
    for (const call of data.conversations.filter((c) => c.channel === "voice")) {
      const contact = byId.get(call.contactId!)!;
      const area = contact.leadFields.area;
      if (typeof area === "string") expect(call.summary).toContain(area);
      // A named caller's call says their name; an unknown caller's never says anybody's.
      const said = data.messages
        .filter((m) => m.conversationId === call.id)
        .map((m) => m.content)
        .join(" ");
      if (contact.name) expect(said).toContain(contact.name.split(" ")[0]);
      else expect(said).not.toMatch(/\b(it's|this is) [A-Z]/);
    }
  });
});
