import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getClient } from "@/db";
import { apiKeys, auditLog, invitations, memberships, orgs, rateLimits, users } from "@/db/schema";
import { createApiKey } from "@/lib/api-keys/service";
import { consumePoint, postgresLimiter } from "@/lib/auth/rate-limit";
import { acceptInvitation, createInvitation } from "@/lib/tenancy/invitations";
import { setupFreshDatabase } from "@/test/db";
import { addMember, createOwner, type TestMember, type TestOwner } from "@/test/factories";
import { withSystem, withTenant, withUser } from "./scopes";

await setupFreshDatabase();

// The second wall: row-level security must hide other orgs' rows even from a query that forgets
// its `where org_id = …`. Every query below deliberately has no org filter.

const TENANT_TABLES = { memberships, invitations, apiKeys, auditLog } as const;
type TenantTable = keyof typeof TENANT_TABLES;

/** The SQLSTATE behind a Drizzle query error (Drizzle wraps the driver's error in `cause`). */
function sqlState(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code ?? (error as { code?: string }).code;
}

async function expectRlsViolation(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, "the insert should have been refused").not.toBeNull();
  expect(sqlState(error)).toBe("42501"); // insufficient_privilege: new row violates row-level security policy
}

let a: TestOwner;
let b: TestOwner;
let aMember: TestMember;
let bMember: TestMember;
let both: TestMember; // a member of A who also joined B

beforeAll(async () => {
  [a, b] = await Promise.all([createOwner(), createOwner()]);
  [aMember, bMember] = await Promise.all([addMember(a.ctx, "member"), addMember(b.ctx, "admin")]);
  both = await addMember(a.ctx, "member");
  const { token } = await createInvitation(b.ctx, { email: both.email, role: "member" });
  await acceptInvitation(token, { id: both.userId, email: both.email });
  // A pending invitation and an API key in each org, so every tenant table has rows on both sides.
  await Promise.all([
    createInvitation(a.ctx, { email: `pending-a-${randomUUID()}@example.com`, role: "member" }),
    createInvitation(b.ctx, { email: `pending-b-${randomUUID()}@example.com`, role: "admin" }),
    createApiKey(a.ctx, { name: "A key", scopes: ["contacts:read"] }),
    createApiKey(b.ctx, { name: "B key", scopes: ["contacts:read"] }),
  ]);
  await consumePoint(
    postgresLimiter({ keyPrefix: "scopes-test", points: 10, duration: 60 }),
    randomUUID(),
  );
});

describe("withTenant", () => {
  it.each(Object.keys(TENANT_TABLES) as TenantTable[])(
    "shows only the current org's %s",
    async (name) => {
      const table = TENANT_TABLES[name];
      const all = await withSystem("test: count rows of both orgs", (tx) =>
        tx.select().from(table),
      );
      for (const owner of [a, b]) {
        const expected = all.filter((row) => row.orgId === owner.orgId).length;
        expect(expected, `the fixture has ${name} rows in the org`).toBeGreaterThan(0);
        const seen = await withTenant(owner.ctx, (tx) => tx.select().from(table));
        expect(seen.map((row) => row.orgId)).toEqual(Array(expected).fill(owner.orgId));
      }
    },
  );

  it("shows only the current org in orgs", async () => {
    const seen = await withTenant(a.ctx, (tx) => tx.select().from(orgs));
    expect(seen.map((o) => o.id)).toEqual([a.orgId]);
  });

  it("shows only the current org's members in users", async () => {
    const seen = await withTenant(a.ctx, (tx) => tx.select({ id: users.id }).from(users));
    expect(seen.map((u) => u.id).sort()).toEqual([a.userId, aMember.userId, both.userId].sort());
    const seenB = await withTenant(b.ctx, (tx) => tx.select({ id: users.id }).from(users));
    expect(seenB.map((u) => u.id).sort()).toEqual([b.userId, bMember.userId, both.userId].sort());
  });

  it("shows nothing at all for an org id that has no rows", async () => {
    const stranger = { org: { id: randomUUID(), name: "", slug: "" } };
    await withTenant(stranger, async (tx) => {
      for (const table of [...Object.values(TENANT_TABLES), orgs, users, rateLimits]) {
        expect(await tx.select().from(table)).toEqual([]);
      }
    });
  });

  it("never shows rate limits to tenant work", async () => {
    expect(await withSystem("test", (tx) => tx.select().from(rateLimits))).not.toEqual([]);
    expect(await withTenant(a.ctx, (tx) => tx.select().from(rateLimits))).toEqual([]);
  });

  it("refuses to insert a row carrying another org's id, in every tenant table", async () => {
    const before = await withSystem("test", async (tx) => ({
      memberships: (await tx.select().from(memberships)).length,
      invitations: (await tx.select().from(invitations)).length,
      apiKeys: (await tx.select().from(apiKeys)).length,
      auditLog: (await tx.select().from(auditLog)).length,
    }));
    await expectRlsViolation(
      withTenant(a.ctx, (tx) =>
        tx.insert(memberships).values({ orgId: b.orgId, userId: aMember.userId, role: "owner" }),
      ),
    );
    await expectRlsViolation(
      withTenant(a.ctx, (tx) =>
        tx.insert(invitations).values({
          orgId: b.orgId,
          email: "intruder@example.com",
          role: "admin",
          secretHash: "0".repeat(64),
          invitedBy: a.userId,
          expiresAt: new Date(Date.now() + 86_400_000),
        }),
      ),
    );
    await expectRlsViolation(
      withTenant(a.ctx, (tx) =>
        tx.insert(apiKeys).values({
          orgId: b.orgId,
          name: "planted",
          scopes: ["contacts:read"],
          secretHash: "0".repeat(64),
          lastFour: "abcd",
          createdBy: a.userId,
        }),
      ),
    );
    await expectRlsViolation(
      withTenant(a.ctx, (tx) =>
        tx.insert(auditLog).values({ orgId: b.orgId, actorType: "user", action: "forged" }),
      ),
    );
    await expectRlsViolation(
      withTenant(a.ctx, (tx) =>
        tx.insert(orgs).values({ name: "Planted", slug: `planted-${randomUUID()}` }),
      ),
    );
    const after = await withSystem("test", async (tx) => ({
      memberships: (await tx.select().from(memberships)).length,
      invitations: (await tx.select().from(invitations)).length,
      apiKeys: (await tx.select().from(apiKeys)).length,
      auditLog: (await tx.select().from(auditLog)).length,
    }));
    expect(after).toEqual(before);
  });

  it("refuses to move a row into another org", async () => {
    await expectRlsViolation(
      withTenant(a.ctx, (tx) =>
        tx.update(apiKeys).set({ orgId: b.orgId }).where(eq(apiKeys.orgId, a.orgId)),
      ),
    );
  });

  it("cannot update or delete another org's rows, even by naming them", async () => {
    const changed = await withTenant(a.ctx, async (tx) => ({
      updated: await tx
        .update(apiKeys)
        .set({ name: "hijacked" })
        .where(eq(apiKeys.orgId, b.orgId))
        .returning(),
      deletedAudit: await tx.delete(auditLog).where(eq(auditLog.orgId, b.orgId)).returning(),
      deletedMembers: await tx
        .delete(memberships)
        .where(eq(memberships.orgId, b.orgId))
        .returning(),
      renamedOrg: await tx
        .update(orgs)
        .set({ name: "hijacked" })
        .where(eq(orgs.id, b.orgId))
        .returning(),
    }));
    expect(changed).toEqual({ updated: [], deletedAudit: [], deletedMembers: [], renamedOrg: [] });
    const bKeys = await withTenant(b.ctx, (tx) => tx.select({ name: apiKeys.name }).from(apiKeys));
    expect(bKeys.map((k) => k.name)).toEqual(["B key"]);
  });

  it("resets the org between transactions on a pooled connection", async () => {
    // Many alternating transactions over the pool: none may see the previous one's org.
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => {
        const owner = i % 2 === 0 ? a : b;
        return withTenant(owner.ctx, async (tx) => ({
          expected: owner.orgId,
          seen: (await tx.select({ id: orgs.id }).from(orgs)).map((o) => o.id),
        }));
      }),
    );
    for (const { expected, seen } of results) expect(seen).toEqual([expected]);
    const [settings] = await getClient().sql<{ org: string | null; role: string }[]>`
      select nullif(current_setting('app.org_id', true), '') as org, current_user as role`;
    expect(settings?.org).toBeNull();
    // The pool logs in as luneo_app itself (docs/adr/0009): nothing was left switched.
    expect(settings?.role).toBe("luneo_app");
  });
});

describe("outside the three scopes", () => {
  it("the app role with no org or user set sees no row of any table", async () => {
    const counts = await getClient().sql.begin(async (tx) => {
      await tx`set local role luneo_app`;
      const rows = await tx<{ t: string; n: number }[]>`
        select 'orgs' as t, count(*)::int as n from orgs union all
        select 'users', count(*)::int from users union all
        select 'memberships', count(*)::int from memberships union all
        select 'invitations', count(*)::int from invitations union all
        select 'api_keys', count(*)::int from api_keys union all
        select 'audit_log', count(*)::int from audit_log union all
        select 'rate_limits', count(*)::int from rate_limits`;
      return Object.fromEntries(rows.map((r) => [r.t, r.n]));
    });
    expect(counts).toEqual({
      orgs: 0,
      users: 0,
      memberships: 0,
      invitations: 0,
      api_keys: 0,
      audit_log: 0,
      rate_limits: 0,
    });
  });
});

describe("withUser", () => {
  it("shows only the user's own memberships and their orgs", async () => {
    const own = await withUser(both.userId, async (tx) => ({
      memberships: await tx.select().from(memberships),
      orgs: await tx.select({ id: orgs.id }).from(orgs),
      users: await tx.select({ id: users.id }).from(users),
    }));
    expect(own.memberships.map((m) => [m.orgId, m.userId]).sort()).toEqual(
      [
        [a.orgId, both.userId],
        [b.orgId, both.userId],
      ].sort(),
    );
    expect(own.orgs.map((o) => o.id).sort()).toEqual([a.orgId, b.orgId].sort());
    expect(own.users.map((u) => u.id)).toEqual([both.userId]);
  });

  it("shows a one-org user only that org", async () => {
    const own = await withUser(aMember.userId, async (tx) => ({
      memberships: await tx.select().from(memberships),
      orgs: await tx.select({ id: orgs.id }).from(orgs),
    }));
    expect(own.memberships.map((m) => m.orgId)).toEqual([a.orgId]);
    expect(own.orgs.map((o) => o.id)).toEqual([a.orgId]);
  });

  it("shows no tenant data: invitations, API keys, audit log", async () => {
    const seen = await withUser(a.userId, async (tx) => ({
      invitations: await tx.select().from(invitations),
      apiKeys: await tx.select().from(apiKeys),
      auditLog: await tx.select().from(auditLog),
      rateLimits: await tx.select().from(rateLimits),
    }));
    expect(seen).toEqual({ invitations: [], apiKeys: [], auditLog: [], rateLimits: [] });
  });

  it("cannot write memberships", async () => {
    await expectRlsViolation(
      withUser(aMember.userId, (tx) =>
        tx.insert(memberships).values({ orgId: b.orgId, userId: aMember.userId, role: "owner" }),
      ),
    );
  });
});

describe("withSystem", () => {
  it("sees both orgs", async () => {
    const seen = await withSystem("test: cross-tenant read", (tx) =>
      tx.select({ id: orgs.id }).from(orgs),
    );
    expect(seen.map((o) => o.id)).toEqual(expect.arrayContaining([a.orgId, b.orgId]));
  });
});
