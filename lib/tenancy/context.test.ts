import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { ROLE_PERMISSIONS } from "@/lib/auth/permissions";
import { setupFreshDatabase } from "@/test/db";
import { addMember, createOwner, type TestMember, type TestOwner } from "@/test/factories";
import { listMyOrgs, resolveUserContext } from "./context";
import { acceptInvitation, createInvitation } from "./invitations";

await setupFreshDatabase();

let a: TestOwner;
let b: TestOwner;
let c: TestOwner;
let user: TestMember; // member of A first, then admin of B

beforeAll(async () => {
  [a, b, c] = await Promise.all([
    createOwner({ orgName: "Alpha Org" }),
    createOwner({ orgName: "Beta Org" }),
    createOwner(),
  ]);
  user = await addMember(a.ctx, "member");
  const { token } = await createInvitation(b.ctx, { email: user.email, role: "admin" });
  await acceptInvitation(token, { id: user.userId, email: user.email });
});

describe("listMyOrgs", () => {
  it("returns every org of a user in two orgs, oldest membership first, with each role", async () => {
    expect(await listMyOrgs(user.userId)).toEqual([
      { id: a.orgId, name: "Alpha Org", slug: a.ctx.org.slug, role: "member" },
      { id: b.orgId, name: "Beta Org", slug: b.ctx.org.slug, role: "admin" },
    ]);
  });

  it("returns only the owner's own org", async () => {
    expect((await listMyOrgs(c.userId)).map((o) => o.id)).toEqual([c.orgId]);
  });

  it("returns nothing for an unknown user", async () => {
    expect(await listMyOrgs(randomUUID())).toEqual([]);
  });
});

describe("resolveUserContext", () => {
  it("picks the preferred org with that org's role and permissions", async () => {
    const resolved = await resolveUserContext(user.userId, b.orgId);
    expect(resolved?.ctx).toEqual({
      org: { id: b.orgId, name: "Beta Org", slug: b.ctx.org.slug },
      actor: {
        type: "user",
        userId: user.userId,
        role: "admin",
        permissions: ROLE_PERMISSIONS.admin,
      },
    });
    expect(resolved?.orgs.map((o) => o.id)).toEqual([a.orgId, b.orgId]);
  });

  it("falls back to the first org without a preference", async () => {
    const resolved = await resolveUserContext(user.userId, undefined);
    expect(resolved?.ctx.org.id).toBe(a.orgId);
    expect(resolved?.ctx.actor).toMatchObject({
      role: "member",
      permissions: ROLE_PERMISSIONS.member,
    });
  });

  it.each([
    ["an org the user is not a member of", () => c.orgId],
    ["an org that does not exist", () => randomUUID()],
    ["garbage", () => "'; drop table orgs; --"],
  ])("ignores a preferred org that is %s", async (_label, preferred) => {
    const resolved = await resolveUserContext(user.userId, preferred());
    expect(resolved?.ctx.org.id).toBe(a.orgId);
    expect(resolved?.orgs.map((o) => o.id)).not.toContain(c.orgId);
  });

  it("returns null for a user without any org", async () => {
    expect(await resolveUserContext(randomUUID(), a.orgId)).toBeNull();
  });
});
