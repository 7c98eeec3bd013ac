import { and, eq, sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { auditLog, contacts, orgs } from "@/db/schema";
import type { SessionContext } from "@/lib/auth/session";
import { restoreCell } from "@/lib/contacts/csv/write";
import { createContact } from "@/lib/contacts/profile/service";
import type { TenantContext } from "@/lib/context";
import { withSystem, withTenant } from "@/lib/db/scopes";
import { setupFreshDatabase } from "@/test/db";
import { addMember, createOwner, type TestOwner } from "@/test/factories";

// The route reads the session through Auth.js cookies; here the session is whoever the test says.
const session = vi.hoisted(() => ({ current: null as SessionContext | null }));
vi.mock("@/lib/auth/session", () => ({ getSessionContext: async () => session.current }));

const { GET } = await import("./route");

await setupFreshDatabase();

const signIn = (ctx: TenantContext | null) => {
  session.current = ctx ? { ctx, orgs: [], user: { id: "", email: "", name: "" } } : null;
};
const exportCsv = (query = "") => GET(new Request(`http://localhost/contacts/export${query}`));

/** The download's records, cells restored as an importer would (no cell here holds a comma). */
async function records(response: Response): Promise<string[][]> {
  const text = await response.text();
  return text
    .split("\r\n")
    .filter(Boolean)
    .map((line) => line.split(",").map(restoreCell));
}

let a: TestOwner;
let b: TestOwner;

/** Org A's `contacts.exported` audit entries. */
const exportAuditCount = async () =>
  (
    await withTenant(a.ctx, (tx) =>
      tx
        .select({ n: sql<number>`count(*)::int` })
        .from(auditLog)
        .where(and(eq(auditLog.orgId, a.orgId), eq(auditLog.action, "contacts.exported"))),
    )
  )[0]!.n;

beforeAll(async () => {
  [a, b] = await Promise.all([createOwner(), createOwner()]);
  await withSystem("test sets the org's country", (tx) =>
    tx.update(orgs).set({ country: "FR" }).where(eq(orgs.id, a.orgId)),
  );
  // More than two pages of 500, to cross keyset boundaries (inserted in bulk: the export reads
  // contacts only; the one searched by number goes through the service for its identity).
  await withTenant(a.ctx, (tx) =>
    tx.insert(contacts).values(
      Array.from({ length: 1202 }, (_, i) => ({
        orgId: a.orgId,
        name: `Person ${i}`,
        phoneE164: `+3361${String(1000000 + i).padStart(7, "0")}`,
        tags: i % 3 === 0 ? ["vip"] : [],
      })),
    ),
  );
  await createContact(a.ctx, { name: "Searched", phones: ["+33622000007"], tags: ["vip"] });
  await createContact(b.ctx, { name: "In B", phones: ["+14155550100"] });
});

beforeEach(() => signIn(a.ctx));

describe("GET /contacts/export", () => {
  it("streams every contact of the filter as an attachment named after the date", async () => {
    const response = await exportCsv("?tags=vip&sort=name");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(
      /^attachment; filename="contacts-\d{4}-\d\d-\d\d\.csv"$/,
    );
    const [header, ...rows] = await records(response);
    expect(header?.slice(0, 3)).toEqual(["id", "name", "phone"]);
    expect(rows).toHaveLength(402);
    expect(new Set(rows.map((r) => r[0])).size).toBe(402);
    expect(rows.every((r) => r[4] === "vip")).toBe(true);
    expect(rows.some((r) => r[1] === "In B")).toBe(false);
  });

  it("writes phones with the neutralising apostrophe", async () => {
    const text = await (await exportCsv("?q=06%2022%2000%2000%2007")).text();
    expect(text).toContain(",Searched,'+33622000007,");
  });

  it("crosses page boundaries without losing or repeating a contact", async () => {
    const [, ...rows] = await records(await exportCsv());
    expect(rows).toHaveLength(1203);
    expect(new Set(rows.map((r) => r[0])).size).toBe(1203);
  });

  it("records one audit entry with the filters' names and the row count, never their values", async () => {
    const before = await exportAuditCount();
    await exportCsv("?q=Person%2012&channel=voice&lf.area=Harbour%20Street");
    expect(await exportAuditCount()).toBe(before + 1);
    await exportCsv("?q=Person%2012");
    expect(await exportAuditCount()).toBe(before + 2);
    const entries = await withTenant(a.ctx, (tx) =>
      tx
        .select({ metadata: auditLog.metadata })
        .from(auditLog)
        .where(and(eq(auditLog.orgId, a.orgId), eq(auditLog.action, "contacts.exported")))
        .orderBy(sql`${auditLog.createdAt} desc`)
        .limit(2),
    );
    expect(entries.map((e) => e.metadata)).toEqual([
      { filters: ["q"], rows: 13 },
      { filters: ["q", "leadFields", "channel"], rows: 0 },
    ]);
    expect(JSON.stringify(entries)).not.toContain("Person");
    expect(JSON.stringify(entries)).not.toContain("Harbour");
  });

  it("answers 401 without a session, 403 to a member, 422 to a bad filter; none audited", async () => {
    const count = exportAuditCount;
    const before = await count();
    signIn(null);
    expect((await exportCsv()).status).toBe(401);
    signIn((await addMember(a.ctx, "member")).ctx);
    const forbidden = await exportCsv();
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toMatchObject({ error: { code: "FORBIDDEN" } });
    signIn(a.ctx);
    const bad = await exportCsv("?leadStatus=hot");
    expect(bad.status).toBe(422);
    expect(await count()).toBe(before);
    expect((await withTenant(a.ctx, (tx) => tx.select().from(contacts).limit(1))).length).toBe(1);
  });
});
