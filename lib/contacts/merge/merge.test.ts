import { randomUUID } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import {
  auditLog,
  contactFacts,
  contactIdentities,
  contactMemory,
  contactMerges,
  contacts,
  conversations,
  timelineEvents,
} from "@/db/schema";
import type { TenantContext } from "@/lib/context";
import { withSystem, withTenant } from "@/lib/db/scopes";
import { upsertContact } from "@/lib/ingest/records";
import { setupFreshDatabase } from "@/test/db";
import { expectAppError } from "@/test/errors";
import { addMember, createOwner, type TestMember, type TestOwner } from "@/test/factories";
import { contactFilterSchema } from "../filters";
import { mergeContacts, previewMergeRecorded } from "./service";
import { latestUndoableMerge } from "./queries";
import { undoMerge } from "./undo";
import { listContacts } from "../queries";
import { createContact } from "../profile/service";
import { saveContactMemory } from "@/lib/memory/memory-store";

await setupFreshDatabase();

let a: TestOwner;
let b: TestOwner;
let member: TestMember;

beforeAll(async () => {
  [a, b] = await Promise.all([createOwner(), createOwner()]);
  member = await addMember(a.ctx, "member");
});

// Distinct valid French mobile numbers, one per call.
let phoneCounter = 100000;
const nextPhone = () => `+33612${String(phoneCounter++)}`;

async function addConversation(ctx: TenantContext, contactId: string, events = 1) {
  return withTenant(ctx, async (tx) => {
    const [c] = await tx
      .insert(conversations)
      .values({ orgId: ctx.org.id, contactId, channel: "voice", status: "ended" })
      .returning({ id: conversations.id });
    for (let i = 0; i < events; i++) {
      await tx.insert(timelineEvents).values({
        orgId: ctx.org.id,
        contactId,
        conversationId: c!.id,
        kind: "call.ended",
        occurredAt: new Date(),
        dedupeKey: randomUUID(),
      });
    }
    return c!.id;
  });
}

async function addEvents(ctx: TenantContext, contactId: string, n: number) {
  if (n === 0) return;
  await withTenant(ctx, (tx) =>
    tx.insert(timelineEvents).values(
      Array.from({ length: n }, (_, i) => ({
        orgId: ctx.org.id,
        contactId,
        conversationId: null,
        kind: "note",
        occurredAt: new Date(Date.UTC(2026, 0, 1 + i)),
        data: { i },
        dedupeKey: randomUUID(),
      })),
    ),
  );
}

async function addFacts(ctx: TenantContext, contactId: string, facts: Record<string, string>) {
  const rows = Object.entries(facts).map(([key, value]) => ({
    orgId: ctx.org.id,
    contactId,
    key,
    value,
    source: "admin" as const,
  }));
  if (rows.length > 0) await withTenant(ctx, (tx) => tx.insert(contactFacts).values(rows));
}

async function addMemory(ctx: TenantContext, contactId: string, summary: string) {
  // Through the memory store, so the stored agent brief is what a recompute gives.
  await withTenant(ctx, (tx) =>
    saveContactMemory(tx, contactId, {
      summary,
      openItems: [],
      lastConversationId: null,
    }),
  );
}

/** Every row that belongs to these contacts, comparable with toEqual (updatedAt left out: undo is a change). */
async function snapshot(ctx: TenantContext, ids: string[]) {
  return withTenant(ctx, async (tx) => {
    const people = await tx
      .select()
      .from(contacts)
      .where(inArray(contacts.id, ids))
      .orderBy(contacts.id);
    const convs = await tx
      .select()
      .from(conversations)
      .where(inArray(conversations.contactId, ids))
      .orderBy(conversations.id);
    return {
      contacts: people.map(({ updatedAt: _u, ...rest }) => rest),
      identities: await tx
        .select()
        .from(contactIdentities)
        .where(inArray(contactIdentities.contactId, ids))
        .orderBy(contactIdentities.kind, contactIdentities.value),
      conversations: convs.map(({ updatedAt: _u, ...rest }) => rest),
      timeline: await tx
        .select()
        .from(timelineEvents)
        .where(inArray(timelineEvents.contactId, ids))
        .orderBy(timelineEvents.id),
      facts: await tx
        .select()
        .from(contactFacts)
        .where(inArray(contactFacts.contactId, ids))
        .orderBy(contactFacts.contactId, contactFacts.key),
      memory: (
        await tx
          .select()
          .from(contactMemory)
          .where(inArray(contactMemory.contactId, ids))
          .orderBy(contactMemory.contactId)
      ).map(({ updatedAt: _u, ...rest }) => rest),
    };
  });
}

async function eventIdsOf(ctx: TenantContext, contactId: string) {
  const rows = await withTenant(ctx, (tx) =>
    tx
      .select({ id: timelineEvents.id })
      .from(timelineEvents)
      .where(eq(timelineEvents.contactId, contactId)),
  );
  return rows.map((r) => r.id).sort();
}

async function mergeRows(ctx: TenantContext) {
  const [row] = await withTenant(ctx, (tx) =>
    tx.select({ n: sql<number>`count(*)::int` }).from(contactMerges),
  );
  return row!.n;
}

describe("merging two contacts", () => {
  it("moves every timeline event exactly once, conversations, facts and identities", async () => {
    const survivorPhone = nextPhone();
    const mergedPhone = nextPhone();
    const s = await createContact(a.ctx, {
      name: "Camille Martin",
      phones: [survivorPhone],
      tags: ["vip"],
      leadFields: { budget: "100" },
    });
    const m = await createContact(a.ctx, {
      phones: [mergedPhone],
      emails: ["camille.m@example.fr"],
      language: "fr-FR",
      tags: ["buyer", "vip"],
      leadStatus: "qualified",
      leadFields: { budget: "200", area: "Nord" },
    });
    const sConv = await addConversation(a.ctx, s.id, 2);
    const mConvs = [await addConversation(a.ctx, m.id, 3), await addConversation(a.ctx, m.id, 1)];
    await addEvents(a.ctx, m.id, 2);
    await addFacts(a.ctx, s.id, { budget: "100k" });
    await addFacts(a.ctx, m.id, { budget: "200k", area: "Nord" });
    const before = [...(await eventIdsOf(a.ctx, s.id)), ...(await eventIdsOf(a.ctx, m.id))].sort();
    expect(before).toHaveLength(8);

    const preview = await previewMergeRecorded(a.ctx, s.id, m.id);
    expect(preview.moves).toEqual({
      conversations: 2,
      timelineEvents: 6,
      facts: 1,
      factsReplaced: 1,
    });
    expect(preview.result).toMatchObject({
      name: "Camille Martin",
      language: "fr-FR",
      leadStatus: "qualified",
      leadFields: { budget: "100", area: "Nord" },
      phones: [survivorPhone, mergedPhone],
      emails: ["camille.m@example.fr"],
    });
    expect(preview.result.tags.sort()).toEqual(["buyer", "vip"]);
    expect(preview.conflicts).toEqual([
      { field: "leadFields.budget", kept: "100", dropped: "200" },
    ]);

    const outcome = await mergeContacts(a.ctx, { survivorId: s.id, mergedId: m.id });
    expect(outcome.moves).toEqual({ conversations: 2, timelineEvents: 6, facts: 1, identities: 2 });

    // No timeline event lost or duplicated.
    expect(await eventIdsOf(a.ctx, s.id)).toEqual(before);
    expect(await eventIdsOf(a.ctx, m.id)).toEqual([]);
    const convs = await withTenant(a.ctx, (tx) =>
      tx
        .select({ id: conversations.id })
        .from(conversations)
        .where(eq(conversations.contactId, s.id)),
    );
    expect(convs.map((c) => c.id).sort()).toEqual([sConv, ...mConvs].sort());

    const facts = await withTenant(a.ctx, (tx) =>
      tx
        .select({
          contactId: contactFacts.contactId,
          key: contactFacts.key,
          value: contactFacts.value,
        })
        .from(contactFacts)
        .where(inArray(contactFacts.contactId, [s.id, m.id]))
        .orderBy(contactFacts.contactId, contactFacts.key),
    );
    expect(facts.filter((f) => f.contactId === s.id)).toEqual([
      { contactId: s.id, key: "area", value: "Nord" },
      { contactId: s.id, key: "budget", value: "100k" },
    ]);
    const [record] = await withTenant(a.ctx, (tx) =>
      tx.select().from(contactMerges).where(eq(contactMerges.id, outcome.mergeId)),
    );
    expect(record!.moved).toMatchObject({
      facts: { replaced: [{ key: "budget", value: "200k" }] },
    });

    const [survivor, merged] = (await snapshot(a.ctx, [s.id, m.id])).contacts.sort((x) =>
      x.id === s.id ? -1 : 1,
    );
    expect(survivor).toMatchObject({
      name: "Camille Martin",
      email: "camille.m@example.fr",
      language: "fr-FR",
      leadStatus: "qualified",
      mergedIntoId: null,
    });
    expect(merged).toMatchObject({ mergedIntoId: s.id, phoneE164: null, email: null });
    expect(merged!.mergedAt).toBeInstanceOf(Date);

    // A call from the merged contact's number reaches the survivor.
    const caller = await withTenant(a.ctx, (tx) =>
      upsertContact(tx, mergedPhone, new Date(), "voice"),
    );
    expect(caller).toBe(s.id);
    const found = await listContacts(a.ctx, contactFilterSchema.parse({ q: mergedPhone }));
    expect(found.rows.map((r) => r.id)).toEqual([s.id]);

    // A call whose lookup read the identity before the merge committed (it then waited on the
    // contact's row lock) still lands on the survivor: simulated by a stale identity.
    await withTenant(a.ctx, (tx) =>
      tx
        .update(contactIdentities)
        .set({ contactId: m.id })
        .where(and(eq(contactIdentities.kind, "phone"), eq(contactIdentities.value, mergedPhone))),
    );
    const racing = await withTenant(a.ctx, (tx) =>
      upsertContact(tx, mergedPhone, new Date(), "voice"),
    );
    expect(racing).toBe(s.id);
    await withTenant(a.ctx, (tx) =>
      tx
        .update(contactIdentities)
        .set({ contactId: s.id })
        .where(and(eq(contactIdentities.kind, "phone"), eq(contactIdentities.value, mergedPhone))),
    );

    // Audited with ids only.
    const [entry] = await withTenant(a.ctx, (tx) =>
      tx
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, "contact.merged"), eq(auditLog.targetId, s.id))),
    );
    expect(entry?.metadata).toEqual({ mergeId: outcome.mergeId, survivorId: s.id, mergedId: m.id });
    expect(JSON.stringify(entry)).not.toContain(mergedPhone);
    expect(JSON.stringify(entry)).not.toContain("camille.m@");
  });

  it("is undone to the exact prior state, memory and identities included", async () => {
    const s = await createContact(a.ctx, { phones: [nextPhone()], leadStatus: "new" });
    const m = await createContact(a.ctx, {
      name: "Jo",
      phones: [nextPhone(), nextPhone()],
      emails: ["jo@example.com", "jo.work@example.com"],
      consent: { sms: true },
      preferences: { bestTime: "evenings" },
    });
    await addConversation(a.ctx, m.id, 2);
    await addConversation(a.ctx, s.id, 1);
    await addFacts(a.ctx, m.id, { order: "A-17" });
    await addMemory(a.ctx, m.id, "Asked about delivery.");
    const before = await snapshot(a.ctx, [s.id, m.id]);

    const { mergeId } = await mergeContacts(a.ctx, { survivorId: s.id, mergedId: m.id });
    const merged = await snapshot(a.ctx, [s.id, m.id]);
    expect(merged.memory.map((r) => r.contactId)).toEqual([s.id]);
    expect(merged.identities.every((i) => i.contactId === s.id)).toBe(true);
    expect(await latestUndoableMerge(a.ctx, s.id)).toMatchObject({
      id: mergeId,
      mergedId: m.id,
      mergedLabel: "Jo",
    });
    expect(await latestUndoableMerge(member.ctx, s.id)).toBeNull();

    expect(await undoMerge(a.ctx, mergeId)).toEqual({ survivorId: s.id, mergedId: m.id });
    expect(await snapshot(a.ctx, [s.id, m.id])).toEqual(before);
    expect(await latestUndoableMerge(a.ctx, s.id)).toBeNull();
    await expectAppError(undoMerge(a.ctx, mergeId), "VALIDATION");
    const [entry] = await withTenant(a.ctx, (tx) =>
      tx
        .select({ metadata: auditLog.metadata })
        .from(auditLog)
        .where(and(eq(auditLog.action, "contact.merge_undone"), eq(auditLog.targetId, s.id))),
    );
    expect(entry?.metadata).toEqual({ mergeId, survivorId: s.id, mergedId: m.id });
  });

  it("after a new call from the merged number, undo moves back only what it moved", async () => {
    const mergedPhone = nextPhone();
    const s = await createContact(a.ctx, { name: "Kept", phones: [nextPhone()] });
    const m = await createContact(a.ctx, { phones: [mergedPhone] });
    const oldConv = await addConversation(a.ctx, m.id, 1);
    const { mergeId } = await mergeContacts(a.ctx, { survivorId: s.id, mergedId: m.id });

    const later = new Date(Date.now() + 60_000);
    const caller = await withTenant(a.ctx, (tx) => upsertContact(tx, mergedPhone, later, "voice"));
    expect(caller).toBe(s.id);
    const newConv = await addConversation(a.ctx, s.id, 1);

    await undoMerge(a.ctx, mergeId);
    const after = await snapshot(a.ctx, [s.id, m.id]);
    const owner = (id: string) => after.conversations.find((c) => c.id === id)?.contactId;
    expect(owner(oldConv)).toBe(m.id);
    expect(owner(newConv)).toBe(s.id);
    // The survivor keeps the later interaction; the number is the merged contact's again.
    expect(after.contacts.find((c) => c.id === s.id)?.lastInteractionAt).toEqual(later);
    expect(after.contacts.find((c) => c.id === m.id)).toMatchObject({
      phoneE164: mergedPhone,
      mergedIntoId: null,
      mergedAt: null,
    });
    const again = await withTenant(a.ctx, (tx) =>
      upsertContact(tx, mergedPhone, new Date(), "voice"),
    );
    expect(again).toBe(m.id);
  });

  it("refuses to undo after 30 days: the merge is final", async () => {
    const s = await createContact(a.ctx, { phones: [nextPhone()] });
    const m = await createContact(a.ctx, { phones: [nextPhone()] });
    const { mergeId } = await mergeContacts(a.ctx, { survivorId: s.id, mergedId: m.id });
    await withSystem("test ages a merge", (tx) =>
      tx
        .update(contactMerges)
        .set({ mergedAt: sql`now() - interval '30 days 1 minute'` })
        .where(eq(contactMerges.id, mergeId)),
    );
    const error = await expectAppError(undoMerge(a.ctx, mergeId), "VALIDATION");
    expect(error.message).toBe("Merges can be undone for 30 days; this one is final.");
    expect(await latestUndoableMerge(a.ctx, s.id)).toBeNull();
    const [merged] = await withTenant(a.ctx, (tx) =>
      tx.select().from(contacts).where(eq(contacts.id, m.id)),
    );
    expect(merged?.mergedIntoId).toBe(s.id);
  });
});

describe("who may merge, and what", () => {
  it("another org's contacts are missing: B can neither preview, merge nor undo A's", async () => {
    const s = await createContact(a.ctx, { phones: [nextPhone()] });
    const m = await createContact(a.ctx, { phones: [nextPhone()] });
    const own = await createContact(b.ctx, { phones: [nextPhone()] });
    await expectAppError(previewMergeRecorded(b.ctx, s.id, m.id), "NOT_FOUND");
    await expectAppError(mergeContacts(b.ctx, { survivorId: s.id, mergedId: m.id }), "NOT_FOUND");
    await expectAppError(mergeContacts(b.ctx, { survivorId: own.id, mergedId: m.id }), "NOT_FOUND");
    await expectAppError(mergeContacts(a.ctx, { survivorId: s.id, mergedId: own.id }), "NOT_FOUND");
    const { mergeId } = await mergeContacts(a.ctx, { survivorId: s.id, mergedId: m.id });
    await expectAppError(undoMerge(b.ctx, mergeId), "NOT_FOUND");
    expect(await latestUndoableMerge(b.ctx, s.id)).toBeNull();
    await expectAppError(undoMerge(a.ctx, "not-a-uuid"), "NOT_FOUND");
  });

  it("a member may not preview, merge or undo, and nothing is written", async () => {
    const s = await createContact(a.ctx, { phones: [nextPhone()] });
    const m = await createContact(a.ctx, { phones: [nextPhone()] });
    await addConversation(a.ctx, m.id, 1);
    const before = await snapshot(a.ctx, [s.id, m.id]);
    const merges = await mergeRows(a.ctx);
    await expectAppError(previewMergeRecorded(member.ctx, s.id, m.id), "FORBIDDEN");
    await expectAppError(
      mergeContacts(member.ctx, { survivorId: s.id, mergedId: m.id }),
      "FORBIDDEN",
    );
    expect(await snapshot(a.ctx, [s.id, m.id])).toEqual(before);
    expect(await mergeRows(a.ctx)).toBe(merges);
    const { mergeId } = await mergeContacts(a.ctx, { survivorId: s.id, mergedId: m.id });
    await expectAppError(undoMerge(member.ctx, mergeId), "FORBIDDEN");
  });

  it("refuses a contact merged into itself, or into or from an already merged one", async () => {
    const s = await createContact(a.ctx, { phones: [nextPhone()] });
    const m = await createContact(a.ctx, { phones: [nextPhone()] });
    const third = await createContact(a.ctx, { phones: [nextPhone()] });
    await expectAppError(mergeContacts(a.ctx, { survivorId: s.id, mergedId: s.id }), "VALIDATION");
    await expectAppError(previewMergeRecorded(a.ctx, s.id, s.id), "VALIDATION");
    await mergeContacts(a.ctx, { survivorId: s.id, mergedId: m.id });
    const merges = await mergeRows(a.ctx);
    await expectAppError(
      mergeContacts(a.ctx, { survivorId: third.id, mergedId: m.id }),
      "VALIDATION",
    );
    await expectAppError(
      mergeContacts(a.ctx, { survivorId: m.id, mergedId: third.id }),
      "VALIDATION",
    );
    await expectAppError(previewMergeRecorded(a.ctx, third.id, m.id), "VALIDATION");
    expect(await mergeRows(a.ctx)).toBe(merges);
  });

  it("will not undo a merge whose survivor was merged away since, until that one is undone", async () => {
    const [x, y, z] = [
      await createContact(a.ctx, { phones: [nextPhone()] }),
      await createContact(a.ctx, { phones: [nextPhone()] }),
      await createContact(a.ctx, { phones: [nextPhone()] }),
    ];
    const first = await mergeContacts(a.ctx, { survivorId: y.id, mergedId: x.id });
    const second = await mergeContacts(a.ctx, { survivorId: z.id, mergedId: y.id });
    await expectAppError(undoMerge(a.ctx, first.mergeId), "VALIDATION");
    await undoMerge(a.ctx, second.mergeId);
    await undoMerge(a.ctx, first.mergeId);
  });
});

describe("merge then undo is the identity", () => {
  const factMap = fc.dictionary(
    fc.constantFrom("budget", "area", "order", "car"),
    fc.string({ minLength: 1, maxLength: 8 }),
    { maxKeys: 4, noNullPrototype: true },
  );
  const side = fc.record({
    name: fc.option(fc.constantFrom("Ana", "Bo", "Cy"), { nil: null }),
    email: fc.boolean(),
    /** 0: an email-only contact, whose empty phone the merge fills (and the undo empties). */
    phones: fc.nat({ max: 2 }),
    language: fc.option(fc.constantFrom("fr-FR", "en-US"), { nil: null }),
    leadStatus: fc.constantFrom("new", "contacted", "customer" as const),
    tags: fc.subarray(["a", "b", "c"]),
    leadFields: fc.dictionary(fc.constantFrom("budget", "area"), fc.constantFrom("1", "2"), {
      maxKeys: 2,
      noNullPrototype: true,
    }),
    events: fc.nat({ max: 4 }),
    conversations: fc.nat({ max: 2 }),
    facts: factMap,
    memory: fc.boolean(),
    lastInteraction: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: null }),
  });

  it("for small random pairs of contacts", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(side, side, async (one, two) => {
        const ids: string[] = [];
        for (const p of [one, two]) {
          n++;
          const { id } = await createContact(a.ctx, {
            name: p.name,
            phones: Array.from({ length: p.phones }, nextPhone),
            emails:
              p.email || p.phones === 0 ? [`p${n}-${randomUUID().slice(0, 6)}@example.com`] : [],
            language: p.language,
            leadStatus: p.leadStatus,
            tags: p.tags,
            leadFields: p.leadFields,
          });
          ids.push(id);
          await addEvents(a.ctx, id, p.events);
          for (let i = 0; i < p.conversations; i++) await addConversation(a.ctx, id, 1);
          await addFacts(a.ctx, id, p.facts);
          if (p.memory) await addMemory(a.ctx, id, `memory ${n}`);
          if (p.lastInteraction !== null) {
            await withTenant(a.ctx, (tx) =>
              tx
                .update(contacts)
                .set({
                  lastInteractionAt: new Date(Date.UTC(2026, 0, 1) + p.lastInteraction! * 1000),
                })
                .where(eq(contacts.id, id)),
            );
          }
        }
        const [s, m] = ids as [string, string];
        const before = await snapshot(a.ctx, ids);
        const { mergeId } = await mergeContacts(a.ctx, { survivorId: s, mergedId: m });
        const during = await snapshot(a.ctx, ids);
        expect(during.timeline.length).toBe(before.timeline.length);
        expect(during.timeline.every((e) => e.contactId === s)).toBe(true);
        expect(during.identities.every((i) => i.contactId === s)).toBe(true);
        await undoMerge(a.ctx, mergeId);
        expect(await snapshot(a.ctx, ids)).toEqual(before);
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
