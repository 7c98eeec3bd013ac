import { beforeAll, describe, expect, it } from "vitest";
import { setupFreshDatabase } from "@/test/db";
import { expectAppError } from "@/test/errors";
import {
  addMember,
  createOwner,
  TEST_PASSWORD,
  uniqueEmail,
  type TestMember,
  type TestOwner,
} from "@/test/factories";
import {
  acceptInvitation,
  createInvitation,
  revokeInvitation,
  signUpWithInvitation,
} from "./invitations";
import { listMembers, listPendingInvitations } from "./members";

await setupFreshDatabase();

let a: TestOwner;
let b: TestOwner;
let aAdmin: TestMember;
let aMember: TestMember;
let bMember: TestMember;

beforeAll(async () => {
  [a, b] = await Promise.all([createOwner(), createOwner()]);
  aAdmin = await addMember(a.ctx, "admin");
  aMember = await addMember(a.ctx, "member");
  bMember = await addMember(b.ctx, "member");
});

describe("listMembers", () => {
  // Runs first: later tests add members to A.
  it("lists the org's members with their roles, oldest first", async () => {
    const members = await listMembers(a.ctx);
    expect(members.map((m) => [m.userId, m.email, m.role])).toEqual([
      [a.userId, a.email, "owner"],
      [aAdmin.userId, aAdmin.email, "admin"],
      [aMember.userId, aMember.email, "member"],
    ]);
  });

  it("is open to every role (members.read)", async () => {
    expect((await listMembers(aMember.ctx)).map((m) => m.userId)).toEqual([
      a.userId,
      aAdmin.userId,
      aMember.userId,
    ]);
  });

  it("never shows another org's members", async () => {
    const aIds = new Set([a.userId, aAdmin.userId, aMember.userId]);
    const bMembers = await listMembers(b.ctx);
    expect(bMembers.map((m) => m.userId).sort()).toEqual([b.userId, bMember.userId].sort());
    expect(bMembers.filter((m) => aIds.has(m.userId))).toEqual([]);
    // Also from B's member's point of view.
    expect((await listMembers(bMember.ctx)).map((m) => m.userId).sort()).toEqual(
      [b.userId, bMember.userId].sort(),
    );
  });

  it("shows a user in two orgs once in each, with that org's role", async () => {
    const shared = await addMember(b.ctx, "member");
    const { token } = await createInvitation(a.ctx, { email: shared.email, role: "admin" });
    await acceptInvitation(token, { id: shared.userId, email: shared.email });
    expect(
      (await listMembers(a.ctx)).filter((m) => m.userId === shared.userId).map((m) => m.role),
    ).toEqual(["admin"]);
    expect(
      (await listMembers(b.ctx)).filter((m) => m.userId === shared.userId).map((m) => m.role),
    ).toEqual(["member"]);
  });
});

describe("listPendingInvitations", () => {
  it("shows open invitations of the org only, newest first, without revoked or accepted ones", async () => {
    const first = await createInvitation(a.ctx, { email: uniqueEmail("first"), role: "member" });
    const second = await createInvitation(a.ctx, { email: uniqueEmail("second"), role: "admin" });
    const revoked = await createInvitation(a.ctx, {
      email: uniqueEmail("revoked"),
      role: "member",
    });
    await revokeInvitation(a.ctx, revoked.id);
    const accepted = await createInvitation(a.ctx, {
      email: uniqueEmail("accepted"),
      role: "member",
    });
    await signUpWithInvitation(accepted.token, {
      name: "Accepted Person",
      password: TEST_PASSWORD,
    });
    const inB = await createInvitation(b.ctx, { email: uniqueEmail("in-b"), role: "member" });

    const pending = (await listPendingInvitations(a.ctx)).map((i) => i.id);
    expect(pending.indexOf(second.id)).toBeLessThan(pending.indexOf(first.id));
    expect(pending).toEqual(expect.arrayContaining([first.id, second.id]));
    for (const id of [revoked.id, accepted.id, inB.id]) expect(pending).not.toContain(id);
    expect((await listPendingInvitations(b.ctx)).map((i) => i.id)).toEqual([inB.id]);
  });

  it("is for those who may invite", async () => {
    await expectAppError(listPendingInvitations(aMember.ctx), "FORBIDDEN");
    expect(Array.isArray(await listPendingInvitations(aAdmin.ctx))).toBe(true);
  });
});
