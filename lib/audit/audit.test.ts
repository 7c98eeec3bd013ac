import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "@/db/schema";
import { createApiKey, revokeApiKey } from "@/lib/api-keys/service";
import { withSystem, withTenant } from "@/lib/db/scopes";
import { encodeCursor } from "@/lib/pagination";
import { createInvitation } from "@/lib/tenancy/invitations";
import { setupFreshDatabase } from "@/test/db";
import { expectAppError } from "@/test/errors";
import {
  addMember,
  createOwner,
  uniqueEmail,
  type TestMember,
  type TestOwner,
} from "@/test/factories";
import { listAuditLog, type AuditRow } from "./queries";
import { recordAudit } from "./record";

await setupFreshDatabase();

let a: TestOwner;
let b: TestOwner;
let aMember: TestMember;
let aAdmin: TestMember;

beforeAll(async () => {
  [a, b] = await Promise.all([createOwner(), createOwner()]);
  aMember = await addMember(a.ctx, "member");
  aAdmin = await addMember(a.ctx, "admin");
});

/** Every page of the audit log, following nextCursor until it runs out. */
async function allPages(ctx: TestOwner["ctx"], limit: number): Promise<AuditRow[][]> {
  const pages: AuditRow[][] = [];
  let cursor: string | null = null;
  do {
    const page: Awaited<ReturnType<typeof listAuditLog>> = await listAuditLog(ctx, {
      cursor,
      limit,
    });
    pages.push(page.rows);
    cursor = page.nextCursor;
    if (pages.length > 1000) throw new Error("pagination does not end");
  } while (cursor);
  return pages;
}

describe("audit entries", () => {
  it("records org creation, invitations, joins, key creation and revocation, newest first", async () => {
    const owner = await createOwner();
    const invite = await createInvitation(owner.ctx, { email: uniqueEmail(), role: "admin" });
    const key = await createApiKey(owner.ctx, { name: "Audited", scopes: ["org:read"] });
    await revokeApiKey(owner.ctx, key.id);

    const { rows, nextCursor } = await listAuditLog(owner.ctx);
    expect(nextCursor).toBeNull();
    expect(rows.map((r) => [r.action, r.targetType, r.targetId])).toEqual([
      ["api_key.revoked", "api_key", key.id],
      ["api_key.created", "api_key", key.id],
      ["member.invited", "invitation", invite.id],
      ["org.created", "org", owner.orgId],
    ]);
    for (const row of rows) {
      expect(row).toMatchObject({
        actorType: "user",
        actorId: owner.userId,
        actorName: expect.stringMatching(/^Owner /),
      });
    }
    expect(rows[1]!.metadata).toEqual({ scopes: ["org:read"] });
    expect(rows[2]!.metadata).toEqual({ role: "admin" });
    // Identifiers only: no email, no token in the log.
    expect(JSON.stringify(rows)).not.toContain(invite.token);
    expect(JSON.stringify(rows)).not.toContain(key.token);
  });

  it("records a newcomer joining through an invitation as that newcomer", async () => {
    const { rows } = await listAuditLog(a.ctx);
    const joined = rows.filter((r) => r.action === "member.joined").map((r) => r.actorId);
    expect(joined).toEqual(expect.arrayContaining([aMember.userId, aAdmin.userId]));
  });

  it("records the API key as the actor of what it does", async () => {
    await withTenant(a.ctx, (tx) =>
      recordAudit(
        tx,
        { org: a.ctx.org, actor: { type: "api_key", keyId: "key-1", scopes: [], permissions: [] } },
        { action: "contact.read" },
      ),
    );
    const [latest] = (await listAuditLog(a.ctx, { limit: 1 })).rows;
    expect(latest).toMatchObject({
      action: "contact.read",
      actorType: "api_key",
      actorId: "key-1",
      actorName: null,
    });
  });
});

describe("who may read the audit log", () => {
  it("a member cannot", async () => {
    await expectAppError(listAuditLog(aMember.ctx), "FORBIDDEN");
  });

  it("an admin can", async () => {
    expect((await listAuditLog(aAdmin.ctx)).rows.length).toBeGreaterThan(0);
  });
});

describe("across orgs", () => {
  it("org B's audit log has none of org A's entries", async () => {
    await createApiKey(a.ctx, { name: "A's key", scopes: ["org:read"] });
    const aIds = (
      await withSystem("test", (tx) =>
        tx.select({ id: auditLog.id }).from(auditLog).where(eq(auditLog.orgId, a.orgId)),
      )
    ).map((r) => r.id);
    const bIds = (
      await withSystem("test", (tx) =>
        tx.select({ id: auditLog.id }).from(auditLog).where(eq(auditLog.orgId, b.orgId)),
      )
    ).map((r) => r.id);
    expect(aIds.length).toBeGreaterThan(0);
    const listedForB = (await allPages(b.ctx, 100)).flat().map((r) => r.id);
    expect(listedForB.sort()).toEqual([...bIds].sort());
    expect(listedForB.filter((id) => aIds.includes(id))).toEqual([]);
  });

  it("a cursor made from org A's entry does not reveal A's entries to B", async () => {
    const [aRow] = (await listAuditLog(a.ctx, { limit: 1 })).rows;
    const cursor = encodeCursor({ at: new Date(aRow!.createdAt.getTime() + 1), id: aRow!.id });
    const { rows } = await listAuditLog(b.ctx, { cursor, limit: 100 });
    expect(rows.map((r) => r.id)).not.toContain(aRow!.id);
  });
});

describe("keyset pagination", () => {
  let owner: TestOwner;

  beforeAll(async () => {
    owner = await createOwner();
    for (let i = 0; i < 6; i++) {
      const key = await createApiKey(owner.ctx, { name: `Key ${i}`, scopes: ["org:read"] });
      if (i % 2 === 0) await revokeApiKey(owner.ctx, key.id);
    }
  });

  it.each([1, 2, 3, 5, 10, 100])(
    "returns every entry exactly once, in order, with limit %i",
    async (limit) => {
      const everything = (await listAuditLog(owner.ctx, { limit: 1000 })).rows;
      expect(everything).toHaveLength(10); // org.created + 6 created + 3 revoked
      const pages = await allPages(owner.ctx, limit);
      for (const page of pages) expect(page.length).toBeLessThanOrEqual(limit);
      expect(pages.length).toBe(Math.max(1, Math.ceil(everything.length / limit)));
      expect(pages.flat().map((r) => r.id)).toEqual(everything.map((r) => r.id));
    },
  );

  it("orders newest first", async () => {
    const rows = (await listAuditLog(owner.ctx, { limit: 1000 })).rows;
    const times = rows.map((r) => r.createdAt.getTime());
    expect(times).toEqual([...times].sort((x, y) => y - x));
    expect(rows.at(-1)?.action).toBe("org.created");
  });

  it("reads a malformed cursor as the first page", async () => {
    const first = await listAuditLog(owner.ctx, { limit: 3 });
    const garbage = await listAuditLog(owner.ctx, { limit: 3, cursor: "definitely-not-a-cursor" });
    expect(garbage.rows.map((r) => r.id)).toEqual(first.rows.map((r) => r.id));
  });

  // Regression: with microsecond created_at and a millisecond cursor, entries sharing the cursor's
  // millisecond (several written in one transaction share now()) were skipped at page boundaries.
  it("does not skip entries that share a timestamp", async () => {
    const tied = await createOwner();
    await withTenant(tied.ctx, async (tx) => {
      for (let i = 0; i < 6; i++) await recordAudit(tx, tied.ctx, { action: `tied.${i}` });
    });
    const everything = (await listAuditLog(tied.ctx, { limit: 1000 })).rows;
    expect(everything).toHaveLength(7);
    const paged = (await allPages(tied.ctx, 2)).flat();
    expect(paged.map((r) => r.id)).toEqual(everything.map((r) => r.id));
  });
});
