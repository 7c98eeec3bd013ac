import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "@/db/schema";
import { contactFilterSchema } from "@/lib/contacts/filters";
import { previewMergeRecorded } from "@/lib/contacts/merge/service";
import { listContactsRecorded } from "@/lib/contacts/recorded-reads";
import { createContact } from "@/lib/contacts/profile/service";
import { getTimelinePageRecorded } from "@/lib/contacts/timeline/recorded-reads";
import { withTenant } from "@/lib/db/scopes";
import { getContactMemory } from "@/lib/memory/queries";
import { setupFreshDatabase } from "@/test/db";
import { expectAppError } from "@/test/errors";
import { createOwner, type TestOwner } from "@/test/factories";

await setupFreshDatabase();

// Every read of a part of a person's data leaves an audit entry naming who, which contact and
// which part — and none of the data.

let a: TestOwner;
let b: TestOwner;
let ada: string;
let other: string;

beforeAll(async () => {
  [a, b] = await Promise.all([createOwner(), createOwner()]);
  ada = (await createContact(a.ctx, { name: "Ada Lovelace", phones: ["+14155550123"] })).id;
  other = (await createContact(a.ctx, { name: "Ada L.", emails: ["ada@example.org"] })).id;
});

const entries = (action: string) =>
  withTenant(a.ctx, (tx) =>
    tx
      .select({
        targetId: auditLog.targetId,
        metadata: auditLog.metadata,
        actorId: auditLog.actorId,
      })
      .from(auditLog)
      .where(and(eq(auditLog.orgId, a.orgId), eq(auditLog.action, action))),
  );

describe("reading personal data is recorded", () => {
  it("a timeline page, a memory read and a merge preview each name the part read", async () => {
    await getTimelinePageRecorded(a.ctx, ada);
    await getContactMemory(a.ctx, ada);
    await previewMergeRecorded(a.ctx, ada, other);
    const viewed = await entries("contact.viewed");
    expect(viewed).toEqual(
      expect.arrayContaining([
        { targetId: ada, metadata: { part: "timeline" }, actorId: a.userId },
        { targetId: ada, metadata: { part: "memory" }, actorId: a.userId },
        { targetId: ada, metadata: { part: "merge-preview" }, actorId: a.userId },
        { targetId: other, metadata: { part: "merge-preview" }, actorId: a.userId },
      ]),
    );
    expect(JSON.stringify(viewed)).not.toMatch(/Ada|4155550123|example\.org/);
  });

  it("an API page of the list records the filters' names and the row count only", async () => {
    const filter = contactFilterSchema.parse({ q: "Ada", leadFields: { area: "Harbour" } });
    await listContactsRecorded(a.ctx, filter, {});
    await listContactsRecorded(a.ctx, contactFilterSchema.parse({ q: "Ada" }), {});
    const listed = await entries("contacts.listed");
    expect(listed.map((e) => e.metadata)).toEqual(
      expect.arrayContaining([
        { filters: ["q", "leadFields"], rows: 0, page: "first" },
        { filters: ["q"], rows: 2, page: "first" },
      ]),
    );
    expect(JSON.stringify(listed)).not.toMatch(/Ada|Harbour/);
  });

  it("another org's contact is not found and nothing is recorded for it", async () => {
    await expectAppError(getTimelinePageRecorded(b.ctx, ada), "NOT_FOUND");
    await expectAppError(getContactMemory(b.ctx, ada), "NOT_FOUND");
    const inB = await withTenant(b.ctx, (tx) =>
      tx.select().from(auditLog).where(eq(auditLog.action, "contact.viewed")),
    );
    expect(inB).toEqual([]);
  });
});
