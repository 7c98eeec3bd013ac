import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { contacts, conversations } from "@/db/schema";
import { contactFilterSchema } from "@/lib/contacts/filters";
import { previewMergeRecorded } from "@/lib/contacts/merge/service";
import { getMergeStart } from "@/lib/contacts/merge/queries";
import { listContacts } from "@/lib/contacts/queries";
import { withTenant } from "@/lib/db/scopes";
import { setupFreshDatabase } from "@/test/db";
import { createOwner, type TestOwner } from "@/test/factories";
import { generateTenantData } from "./large-tenant";

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
