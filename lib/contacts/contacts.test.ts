import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, contactMemory, contacts, orgs } from "@/db/schema";
import { withSystem, withTenant } from "@/lib/db/scopes";
import { setupFreshDatabase } from "@/test/db";
import { expectAppError } from "@/test/errors";
import { addMember, createOwner, type TestMember, type TestOwner } from "@/test/factories";
import { contactFilterSchema, type ContactFilter } from "./filters";
import { listContacts } from "./queries";
import { saveContactMemory } from "@/lib/memory/memory-store";
import { correctFact } from "@/lib/memory/service";
import { addNote } from "./profile/notes";
import { createContact, updateContactProfile } from "./profile/service";

await setupFreshDatabase();

let a: TestOwner;
let b: TestOwner;
let member: TestMember;
const filter = (f: Partial<ContactFilter> = {}) => contactFilterSchema.parse(f);

beforeAll(async () => {
  [a, b] = await Promise.all([createOwner(), createOwner()]);
  member = await addMember(a.ctx, "member");
  await withSystem("test sets the org's country", (tx) =>
    tx.update(orgs).set({ country: "FR" }).where(eq(orgs.id, a.orgId)),
  );
});

describe("creating contacts", () => {
  it("is idempotent on phone and email, whatever the phone's writing", async () => {
    const first = await createContact(a.ctx, {
      name: "Camille Martin",
      phones: ["06 12 34 56 78"],
      emails: ["camille@example.fr"],
      tags: ["vip"],
    });
    expect(first.created).toBe(true);
    const again = await createContact(a.ctx, { phones: ["+33612345678"] });
    expect(again).toEqual({ id: first.id, created: false });
    const byEmail = await createContact(a.ctx, { emails: ["CAMILLE@example.fr"] });
    expect(byEmail.id).toBe(first.id);
  });

  it("refuses a malformed phone with a field error and writes nothing", async () => {
    const count = async () =>
      (
        await withTenant(a.ctx, (tx) => tx.select({ n: sql<number>`count(*)::int` }).from(contacts))
      )[0]!.n;
    const before = await count();
    const error = await expectAppError(createContact(a.ctx, { phones: ["12"] }), "VALIDATION");
    expect(Object.keys(error.fieldErrors ?? {})).toEqual(["phones.0"]);
    expect(await count()).toBe(before);
  });

  it("a member cannot create or edit; an org B owner cannot see or edit A's contact", async () => {
    const { id } = await createContact(a.ctx, { phones: ["+33700000001"] });
    await expectAppError(createContact(member.ctx, { phones: ["+33700000002"] }), "FORBIDDEN");
    await expectAppError(updateContactProfile(member.ctx, id, { name: "X" }), "FORBIDDEN");
    await expectAppError(updateContactProfile(b.ctx, id, { name: "X" }), "NOT_FOUND");
    expect((await listContacts(b.ctx, filter())).rows).toEqual([]);
  });
});

describe("searching and filtering", () => {
  it("finds a contact by a phone written as 06 12 34 56 78 or +33612345678, by name or email", async () => {
    for (const q of [
      "06 12 34 56 78",
      "+33612345678",
      "+33 6 12 34 56 78",
      "camille",
      "MARTIN",
      "example.fr",
    ]) {
      const { rows } = await listContacts(a.ctx, filter({ q }));
      expect(
        rows.map((r) => r.name),
        q,
      ).toEqual(["Camille Martin"]);
    }
    expect((await listContacts(a.ctx, filter({ q: "100%" }))).rows).toEqual([]);
  });

  it("filters by tags, lead status, lead fields, last contacted and channel", async () => {
    const { id } = await createContact(a.ctx, {
      name: "Lead With Budget",
      phones: ["+33700000010"],
      leadStatus: "qualified",
      leadFields: { budget: 500000, area: "Harbour" },
      tags: ["buyer", "vip"],
    });
    const names = async (f: Partial<ContactFilter>) =>
      (await listContacts(a.ctx, filter(f))).rows.map((r) => r.name);
    expect(await names({ tags: ["buyer", "vip"] })).toEqual(["Lead With Budget"]);
    expect(await names({ leadStatus: ["qualified"] })).toEqual(["Lead With Budget"]);
    expect(await names({ leadFields: { budget: "500000", area: "Harbour" } })).toEqual([
      "Lead With Budget",
    ]);
    expect(await names({ leadFields: { area: "Elsewhere" } })).toEqual([]);
    expect(await names({ lastContacted: "never", tags: ["buyer"] })).toEqual(["Lead With Budget"]);
    expect(await names({ channel: "sms", tags: ["buyer"] })).toEqual([]);
    await updateContactProfile(a.ctx, id, { tags: ["buyer"] });
    expect(await names({ tags: ["vip"] })).toEqual(["Camille Martin"]);
  });

  it("pages by keyset in every sort, without losing or repeating a row", async () => {
    const c = await createOwner();
    const at = new Date("2026-11-01T10:00:00.000Z");
    for (let i = 0; i < 23; i++) {
      const { id } = await createContact(c.ctx, {
        name: i % 5 === 0 ? null : `P ${i % 7}`,
        phones: [`+1415555${String(1000 + i)}`],
      });
      // Shared timestamps and missing ones: the cursor must break ties and pass nulls.
      if (i % 4 !== 0) {
        await withTenant(c.ctx, (tx) =>
          tx
            .update(contacts)
            .set({ lastInteractionAt: new Date(at.getTime() + (i % 3) * 1000) })
            .where(eq(contacts.id, id)),
        );
      }
    }
    for (const sort of ["recent", "name", "created"] as const) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await listContacts(c.ctx, filter({ sort }), { cursor, limit: 4 });
        seen.push(...page.rows.map((r) => r.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(new Set(seen).size, sort).toBe(23);
      expect(seen.length, sort).toBe(23);
    }
  });
});

describe("editing a profile", () => {
  it("changes phones, emails and fields, and audits the field names only", async () => {
    const { id } = await createContact(a.ctx, { name: "Jo", phones: ["+33700000020"] });
    const result = await updateContactProfile(a.ctx, id, {
      phones: ["07 00 00 00 21", "+33700000020"],
      emails: ["jo@example.com"],
      consent: { sms: true },
    });
    expect(result.changed.sort()).toEqual(["consent", "email", "emails", "phoneE164", "phones"]);
    expect((await listContacts(a.ctx, filter({ q: "+33700000020" }))).rows[0]?.id).toBe(id);
    const [entry] = await withTenant(a.ctx, (tx) =>
      tx
        .select()
        .from(auditLog)
        .where(sql`${auditLog.targetId} = ${id} and ${auditLog.action} = 'contact.updated'`),
    );
    expect(entry?.metadata).toEqual({
      fields: ["phoneE164", "email", "consent", "phones", "emails"],
    });
    // A second number alone is a change too (it lives only in the identities).
    const second = await updateContactProfile(a.ctx, id, {
      phones: ["07 00 00 00 21", "+33700000020", "+33700000022"],
    });
    expect(second.changed).toEqual(["phones"]);
    expect(JSON.stringify(entry)).not.toContain("jo@example.com");
  });

  it("refuses a number that belongs to another contact, naming the field", async () => {
    const { id } = await createContact(a.ctx, { name: "Other", phones: ["+33700000030"] });
    const error = await expectAppError(
      updateContactProfile(a.ctx, id, { phones: ["+33700000030", "06 12 34 56 78"] }),
      "CONFLICT",
    );
    expect(Object.keys(error.fieldErrors ?? {})).toEqual(["phones.1"]);
  });

  it("refuses edits to a merged-away contact (CONFLICT) and treats a malformed id as not found", async () => {
    const { id: survivor } = await createContact(a.ctx, { name: "Kept", phones: ["+33700000040"] });
    const { id: hidden } = await createContact(a.ctx, { name: "Hidden", phones: ["+33700000041"] });
    await withTenant(a.ctx, (tx) =>
      tx
        .update(contacts)
        .set({ mergedIntoId: survivor, mergedAt: new Date() })
        .where(eq(contacts.id, hidden)),
    );
    await expectAppError(
      updateContactProfile(a.ctx, hidden, { phones: ["+33700000042"] }),
      "CONFLICT",
    );
    await expectAppError(addNote(a.ctx, hidden, "A note"), "CONFLICT");
    await expectAppError(correctFact(a.ctx, hidden, "budget", "1"), "CONFLICT");
    // 36 characters of hex and dashes, but no uuid: not found, not a database error.
    await expectAppError(updateContactProfile(a.ctx, "0".repeat(36), { name: "X" }), "NOT_FOUND");
  });

  it("finds a contact by a whole second email address; a cursor of another sort restarts the list", async () => {
    const { id } = await createContact(a.ctx, {
      name: "Two Addresses",
      emails: ["first@example.net", "second@example.net"],
    });
    expect(
      (await listContacts(a.ctx, filter({ q: "Second@Example.net" }))).rows.map((r) => r.id),
    ).toEqual([id]);
    const byName = await listContacts(a.ctx, filter({ sort: "name" }), { limit: 1 });
    const restarted = await listContacts(a.ctx, filter({ sort: "recent" }), {
      cursor: byName.nextCursor,
      limit: 1,
    });
    const first = await listContacts(a.ctx, filter({ sort: "recent" }), { limit: 1 });
    expect(restarted.rows.map((r) => r.id)).toEqual(first.rows.map((r) => r.id));
  });

  it("renaming a contact updates the brief the agent hears", async () => {
    const { id } = await createContact(a.ctx, { name: "Old Name", phones: ["+33700000050"] });
    await withTenant(a.ctx, (tx) =>
      saveContactMemory(tx, id, {
        summary: "Wants a flat.",
        openItems: [],
        lastConversationId: null,
      }),
    );
    await updateContactProfile(a.ctx, id, { name: "New Name" });
    const [memory] = await withTenant(a.ctx, (tx) =>
      tx.select().from(contactMemory).where(eq(contactMemory.contactId, id)),
    );
    expect(memory?.agentBrief.customerName).toBe("New Name");
  });
});
