import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, memberships, type OrgRole } from "@/db/schema";
import { ROLE_PERMISSIONS } from "@/lib/auth/permissions";
import { withSystem } from "@/lib/db/scopes";
import { countRows, setupFreshDatabase } from "@/test/db";
import { expectAppError } from "@/test/errors";
import { addMember, contextOf, createOwner, type TestOwner } from "@/test/factories";
import { resolveUserContext } from "./context";
import { acceptInvitation, createInvitation } from "./invitations";
import { changeMemberRole, removeMember } from "./manage-members";
import { listMembers } from "./members";
import { changeRoleSchema, removeMemberSchema } from "./schemas";

await setupFreshDatabase();

async function roleOf(orgId: string, userId: string): Promise<OrgRole | undefined> {
  const [row] = await withSystem("test: read a membership", (tx) =>
    tx
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId))),
  );
  return row?.role;
}

async function auditOf(orgId: string, action: string) {
  return withSystem("test: read audit entries", (tx) =>
    tx
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, orgId), eq(auditLog.action, action))),
  );
}

async function ownersOf(orgId: string): Promise<string[]> {
  const rows = await withSystem("test: read owners", (tx) =>
    tx
      .select({ userId: memberships.userId })
      .from(memberships)
      .where(and(eq(memberships.orgId, orgId), eq(memberships.role, "owner"))),
  );
  return rows.map((r) => r.userId);
}

/** An org with two owners: the founder and an admin promoted by them. Both contexts fresh. */
async function orgWithTwoOwners(): Promise<{ first: TestOwner; second: TestOwner }> {
  const first = await createOwner();
  const admin = await addMember(first.ctx, "admin");
  await changeMemberRole(first.ctx, admin.userId, "owner");
  return {
    first,
    second: {
      userId: admin.userId,
      orgId: first.orgId,
      email: admin.email,
      ctx: await contextOf(admin.userId, first.orgId),
    },
  };
}

describe("changeMemberRole", () => {
  it("lets the owner make a member an admin, with an audit entry of ids and roles only", async () => {
    const a = await createOwner();
    const member = await addMember(a.ctx, "member");

    await changeMemberRole(a.ctx, member.userId, "admin");

    expect(await roleOf(a.orgId, member.userId)).toBe("admin");
    const entries = await auditOf(a.orgId, "member.role_changed");
    expect(entries).toEqual([
      expect.objectContaining({
        actorType: "user",
        actorId: a.userId,
        targetType: "user",
        targetId: member.userId,
        metadata: { from: "member", to: "admin" },
      }),
    ]);
    expect(JSON.stringify(entries)).not.toContain(member.email);
    // Their next request resolves the new role and its permissions.
    expect((await contextOf(member.userId, a.orgId)).actor).toMatchObject({
      role: "admin",
      permissions: ROLE_PERMISSIONS.admin,
    });
  });

  it("does nothing when the role is unchanged (no audit entry)", async () => {
    const a = await createOwner();
    const member = await addMember(a.ctx, "member");
    const before = await countRows();
    await changeMemberRole(a.ctx, member.userId, "member");
    expect(await countRows()).toEqual(before);
    expect(await roleOf(a.orgId, member.userId)).toBe("member");
  });

  it("refuses to demote the last owner (CONFLICT), changing nothing", async () => {
    const a = await createOwner();
    const before = await countRows();
    for (const role of ["admin", "member"] as const) {
      const error = await expectAppError(changeMemberRole(a.ctx, a.userId, role), "CONFLICT");
      expect(error.message).toMatch(/only owner/);
    }
    expect(await roleOf(a.orgId, a.userId)).toBe("owner");
    expect(await countRows()).toEqual(before);
  });

  it("with two owners, one can be demoted (by the other or by themselves)", async () => {
    const { first, second } = await orgWithTwoOwners();
    await changeMemberRole(first.ctx, second.userId, "admin");
    expect(await ownersOf(first.orgId)).toEqual([first.userId]);

    const again = await orgWithTwoOwners();
    await changeMemberRole(again.second.ctx, again.second.userId, "member");
    expect(await ownersOf(again.first.orgId)).toEqual([again.first.userId]);
  });
});

describe("removeMember", () => {
  it("deletes only that membership, and the removed person's next request no longer sees the org", async () => {
    const a = await createOwner();
    const [stays, goes] = [await addMember(a.ctx, "member"), await addMember(a.ctx, "admin")];
    const before = await countRows();

    await removeMember(a.ctx, goes.userId);

    const after = await countRows();
    expect(after.memberships).toBe(before.memberships - 1);
    expect(after.users).toBe(before.users); // the account stays
    expect((await listMembers(a.ctx)).map((m) => m.userId)).toEqual([a.userId, stays.userId]);
    expect(await resolveUserContext(goes.userId, a.orgId)).toBeNull();
    expect(await auditOf(a.orgId, "member.removed")).toEqual([
      expect.objectContaining({
        actorId: a.userId,
        targetType: "user",
        targetId: goes.userId,
        metadata: { role: "admin", belongings: "revoke" },
      }),
    ]);
  });

  it("someone in two orgs keeps the other one, and lands there", async () => {
    const [a, b] = await Promise.all([createOwner(), createOwner()]);
    const shared = await addMember(b.ctx, "member");
    const { token } = await createInvitation(a.ctx, { email: shared.email, role: "admin" });
    await acceptInvitation(token, { id: shared.userId, email: shared.email });

    await removeMember(a.ctx, shared.userId);

    // The org cookie still names A; it only selects among memberships, so B is used instead.
    const resolved = await resolveUserContext(shared.userId, a.orgId);
    expect(resolved?.ctx.org.id).toBe(b.orgId);
    expect(resolved?.orgs.map((o) => o.id)).toEqual([b.orgId]);
    expect(await roleOf(b.orgId, shared.userId)).toBe("member");
  });

  it("refuses to remove the last owner (CONFLICT), changing nothing", async () => {
    const a = await createOwner();
    const before = await countRows();
    const error = await expectAppError(removeMember(a.ctx, a.userId), "CONFLICT");
    expect(error.message).toMatch(/only owner/);
    expect(await countRows()).toEqual(before);
  });

  it("an owner may leave when another owner remains", async () => {
    const { first, second } = await orgWithTwoOwners();
    await removeMember(second.ctx, second.userId);
    expect(await ownersOf(first.orgId)).toEqual([first.userId]);
    expect(await resolveUserContext(second.userId, first.orgId)).toBeNull();
  });
});

describe("who may manage members", () => {
  it.each(["admin", "member"] as const)(
    "an %s can neither change roles nor remove: FORBIDDEN, nothing changed",
    async (role) => {
      const a = await createOwner();
      const actor = await addMember(a.ctx, role);
      const other = await addMember(a.ctx, "member");
      const before = await countRows();
      await expectAppError(changeMemberRole(actor.ctx, other.userId, "admin"), "FORBIDDEN");
      await expectAppError(changeMemberRole(actor.ctx, actor.userId, "owner"), "FORBIDDEN");
      await expectAppError(changeMemberRole(actor.ctx, a.userId, "member"), "FORBIDDEN");
      await expectAppError(removeMember(actor.ctx, other.userId), "FORBIDDEN");
      await expectAppError(removeMember(actor.ctx, a.userId), "FORBIDDEN");
      expect(await countRows()).toEqual(before);
      expect(await roleOf(a.orgId, other.userId)).toBe("member");
      expect(await roleOf(a.orgId, actor.userId)).toBe(role);
      expect(await roleOf(a.orgId, a.userId)).toBe("owner");
    },
  );

  it("an owner demoted since their request began cannot act on the old role", async () => {
    const { first, second } = await orgWithTwoOwners();
    const member = await addMember(first.ctx, "member");
    await changeMemberRole(first.ctx, second.userId, "admin");
    const before = await countRows();
    // second.ctx still says owner (resolved before the demotion).
    await expectAppError(changeMemberRole(second.ctx, member.userId, "admin"), "FORBIDDEN");
    await expectAppError(removeMember(second.ctx, member.userId), "FORBIDDEN");
    expect(await countRows()).toEqual(before);
  });
});

describe("across orgs", () => {
  it("org B's owner cannot change or remove A's member: NOT_FOUND, nothing changed", async () => {
    const [a, b] = await Promise.all([createOwner(), createOwner()]);
    const member = await addMember(a.ctx, "member");
    const before = await countRows();
    await expectAppError(changeMemberRole(b.ctx, member.userId, "admin"), "NOT_FOUND");
    await expectAppError(removeMember(b.ctx, member.userId), "NOT_FOUND");
    await expectAppError(changeMemberRole(b.ctx, a.userId, "member"), "NOT_FOUND");
    await expectAppError(removeMember(b.ctx, a.userId), "NOT_FOUND");
    await expectAppError(removeMember(b.ctx, randomUUID()), "NOT_FOUND");
    expect(await countRows()).toEqual(before);
    expect(await roleOf(a.orgId, member.userId)).toBe("member");
    expect(await ownersOf(a.orgId)).toEqual([a.userId]);
  });
});

describe("two owners acting on each other at the same time", () => {
  const races = {
    "demote each other": (x: TestOwner, y: TestOwner) => [
      changeMemberRole(x.ctx, y.userId, "admin"),
      changeMemberRole(y.ctx, x.userId, "admin"),
    ],
    "remove each other": (x: TestOwner, y: TestOwner) => [
      removeMember(x.ctx, y.userId),
      removeMember(y.ctx, x.userId),
    ],
    "one demotes, the other removes": (x: TestOwner, y: TestOwner) => [
      changeMemberRole(x.ctx, y.userId, "member"),
      removeMember(y.ctx, x.userId),
    ],
  };

  it.each(Object.entries(races))(
    "%s: exactly one succeeds and one owner remains",
    async (_label, race) => {
      // A few rounds, so both orders of arrival get a chance.
      for (let round = 0; round < 4; round++) {
        const { first, second } = await orgWithTwoOwners();
        const results = await Promise.allSettled(race(first, second));
        expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
        const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
        // The loser was demoted or removed by the winner before its turn came.
        expect(rejected.reason).toMatchObject({ code: "FORBIDDEN" });
        expect(await ownersOf(first.orgId)).toHaveLength(1);
      }
    },
  );
});

describe("input schemas (bad input: clear field errors before anything is written)", () => {
  it.each([
    ["a userId that is not a uuid", { userId: "nope", role: "admin" }, "userId"],
    ["an unknown role", { userId: randomUUID(), role: "superuser" }, "role"],
    ["no role", { userId: randomUUID() }, "role"],
  ])("changeRoleSchema rejects %s", (_label, raw, field) => {
    const result = changeRoleSchema.safeParse(raw);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join("."))).toEqual([field]);
  });

  it("changeRoleSchema accepts each role", () => {
    for (const role of ["owner", "admin", "member"]) {
      expect(changeRoleSchema.safeParse({ userId: randomUUID(), role }).success).toBe(true);
    }
  });

  it("removeMemberSchema wants a uuid", () => {
    expect(removeMemberSchema.safeParse({ userId: "'; drop table memberships; --" }).success).toBe(
      false,
    );
    expect(removeMemberSchema.safeParse({ userId: randomUUID() }).success).toBe(true);
  });
});
