import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, orgs } from "@/db/schema";
import { formatDateTime } from "@/components/ui/format";
import { getContactRecorded } from "@/lib/contacts/recorded-reads";
import { createContact, updateContactProfile } from "@/lib/contacts/profile/service";
import { withSystem } from "@/lib/db/scopes";
import { setupFreshDatabase } from "@/test/db";
import { addMember, createOwner, type TestMember, type TestOwner } from "@/test/factories";
import { auditFilterSchema } from "./filters";
import { listActivity, listAuditLog } from "./queries";

await setupFreshDatabase();

let a: TestOwner;
let admin: TestMember;
let contactId: string;

beforeAll(async () => {
  a = await createOwner();
  await withSystem("test sets the org's time zone", (tx) =>
    tx.update(orgs).set({ timezone: "America/Los_Angeles" }).where(eq(orgs.id, a.orgId)),
  );
  admin = await addMember(a.ctx, "admin");
  contactId = (await createContact(a.ctx, { name: "Chloé Martin", phones: ["+14155552671"] })).id;
  // Reads flood the log: five reads of the contact's details after its creation.
  for (let i = 0; i < 5; i++) await getContactRecorded(admin.ctx, contactId);
});

describe("the activity feed", () => {
  it("shows changes, not reads of personal data; the audit log keeps both", async () => {
    const activity = await listActivity(a.ctx, 5);
    expect(activity.rows.map((r) => r.action)).not.toContain("contact.viewed");
    expect(activity.rows[0]?.action).toBe("contact.created");
    const log = await listAuditLog(a.ctx, { limit: 5 });
    expect(log.rows.map((r) => r.action)).toEqual(Array(5).fill("contact.viewed"));
  });
});

describe("the audit log", () => {
  it("names the contact an entry is about when read, from the id it holds", async () => {
    await updateContactProfile(a.ctx, contactId, { name: "Chloé Dupont" });
    const { rows } = await listAuditLog(a.ctx, { limit: 10 });
    const update = rows.find((r) => r.action === "contact.updated")!;
    expect(update.contact).toMatchObject({ id: contactId, name: "Chloé Dupont" });
    const viewed = rows.find((r) => r.action === "contact.viewed")!;
    expect(viewed.contact?.name).toBe("Chloé Dupont");
    // The entry itself holds ids and field names only.
    const [stored] = await withSystem("test reads the raw entry", (tx) =>
      tx.select().from(auditLog).where(eq(auditLog.id, update.id)),
    );
    expect(JSON.stringify(stored)).not.toContain("Chloé");
  });

  it("filters by who, by what and by day in the org's time zone", async () => {
    const byAdmin = await listAuditLog(a.ctx, {
      filter: auditFilterSchema.parse({ actor: admin.userId }),
    });
    expect(byAdmin.rows.length).toBeGreaterThanOrEqual(5);
    expect(byAdmin.rows.every((r) => r.actorId === admin.userId)).toBe(true);

    const reads = await listAuditLog(a.ctx, { filter: auditFilterSchema.parse({ area: "reads" }) });
    expect(new Set(reads.rows.map((r) => r.action))).toEqual(new Set(["contact.viewed"]));
    const changes = await listAuditLog(a.ctx, {
      filter: auditFilterSchema.parse({ area: "contacts" }),
    });
    expect(new Set(changes.rows.map((r) => r.action))).toEqual(
      new Set(["contact.created", "contact.updated"]),
    );
    const team = await listAuditLog(a.ctx, { filter: auditFilterSchema.parse({ area: "team" }) });
    expect(team.rows.map((r) => r.action)).toContain("member.joined");

    // 2026-03-01 07:30 UTC is still 28 February in Los Angeles.
    const [entry] = await withSystem("test dates an entry", (tx) =>
      tx
        .update(auditLog)
        .set({ createdAt: new Date("2026-03-01T07:30:00Z") })
        .where(eq(auditLog.id, changes.rows.at(-1)!.id))
        .returning({ id: auditLog.id }),
    );
    const day = (d: string) =>
      listAuditLog(a.ctx, { filter: auditFilterSchema.parse({ from: d, to: d }) });
    expect((await day("2026-02-28")).rows.map((r) => r.id)).toEqual([entry!.id]);
    expect((await day("2026-03-01")).rows).toEqual([]);
    expect(auditFilterSchema.safeParse({ from: "2026-03-02", to: "2026-03-01" }).success).toBe(
      false,
    );
  });

  it("shows times in the org's time zone", () => {
    const at = new Date("2026-03-01T07:30:00Z");
    expect(formatDateTime(at, "America/Los_Angeles")).toBe("28 Feb 2026, 23:30 GMT-8");
    expect(formatDateTime(at)).toBe("1 Mar 2026, 07:30 UTC");
  });
});
