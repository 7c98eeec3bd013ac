import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { invitations, memberships } from "@/db/schema";
import { issueToken, parseToken } from "@/lib/auth/tokens";
import { withSystem } from "@/lib/db/scopes";
import { countRows, setupFreshDatabase } from "@/test/db";
import { expectAppError } from "@/test/errors";
import {
  addMember,
  contextOf,
  createOwner,
  TEST_PASSWORD,
  uniqueEmail,
  type TestOwner,
} from "@/test/factories";
import {
  acceptInvitation,
  createInvitation,
  getOpenInvitation,
  revokeInvitation,
  signUpWithInvitation,
} from "./invitations";
import { listMembers, listPendingInvitations } from "./members";
import { inviteSchema } from "./schemas";
import { orgMailTo } from "@/test/mail";

await setupFreshDatabase();

let a: TestOwner;
let b: TestOwner;

beforeAll(async () => {
  [a, b] = await Promise.all([createOwner(), createOwner()]);
});

const newcomer = { name: "New Person", password: TEST_PASSWORD };

async function membershipOf(orgId: string, userId: string) {
  const [row] = await withSystem("test", (tx) =>
    tx
      .select()
      .from(memberships)
      .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId))),
  );
  return row;
}

/** The token with one byte of its secret changed (the org and row ids stay valid). */
function tamperSecret(token: string): string {
  const [prefix, body] = token.split("_") as [string, string];
  const bytes = Buffer.from(body, "base64url");
  bytes[40] = bytes[40]! ^ 0x01;
  return `${prefix}_${bytes.toString("base64url")}`;
}

/** The same row id and secret, but claiming another org. */
function withOrg(token: string, orgId: string): string {
  const [prefix, body] = token.split("_") as [string, string];
  const bytes = Buffer.from(body, "base64url");
  Buffer.from(orgId.replace(/-/g, ""), "hex").copy(bytes, 0);
  return `${prefix}_${bytes.toString("base64url")}`;
}

describe("the invitation email", () => {
  it("is queued in the org's outbox with the same link the inviter can copy", async () => {
    const email = uniqueEmail("emailed");
    const invite = await createInvitation(a.ctx, inviteSchema.parse({ email, role: "member" }));
    const [mail] = await orgMailTo(a.orgId, email);
    expect(mail).toMatchObject({ kind: "invitation", status: expect.any(String) });
    expect(mail!.subject).toContain(a.ctx.org.name);
    expect(mail!.body).toContain(invite.link);
    expect(invite.link).toMatch(/\/invite\/inv_/);
  });

  it("is not queued when the invitation is refused", async () => {
    const member = await addMember(a.ctx, "member");
    const email = uniqueEmail("refused");
    await expectAppError(
      createInvitation(member.ctx, inviteSchema.parse({ email, role: "member" })),
      "FORBIDDEN",
    );
    expect(await orgMailTo(a.orgId, email)).toEqual([]);
  });
});

describe("createInvitation + signUpWithInvitation", () => {
  it.each(["admin", "member"] as const)("lets the owner invite a newcomer as %s", async (role) => {
    const email = uniqueEmail(role);
    const invite = await createInvitation(
      a.ctx,
      inviteSchema.parse({ email: email.toUpperCase(), role }),
    );
    expect(invite.token).toMatch(/^inv_/);
    expect(invite.expiresAt.getTime()).toBeGreaterThan(Date.now() + 6 * 86_400_000);

    const open = await getOpenInvitation(invite.token);
    expect(open).toEqual({ id: invite.id, orgId: a.orgId, orgName: a.ctx.org.name, email, role });

    const { user } = await signUpWithInvitation(invite.token, newcomer);
    expect(user.email).toBe(email);
    expect((await membershipOf(a.orgId, user.id))?.role).toBe(role);
    const ctx = await contextOf(user.id, a.orgId);
    expect(ctx.actor).toMatchObject({ type: "user", userId: user.id, role });
    const members = await listMembers(a.ctx);
    expect(members.find((m) => m.userId === user.id)).toMatchObject({ email, role });
  });

  it("stores only the hash of the link's secret", async () => {
    const invite = await createInvitation(a.ctx, { email: uniqueEmail(), role: "member" });
    const [row] = await withSystem("test", (tx) =>
      tx
        .select()
        .from(invitations)
        .where(and(eq(invitations.orgId, a.orgId), eq(invitations.id, invite.id))),
    );
    const secret = parseToken("inv", invite.token)!.secret;
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(invite.token);
    expect(stored).not.toContain(secret.toString("base64url"));
    expect(stored).not.toContain(secret.toString("hex"));
  });

  it("does not accept a link twice", async () => {
    const invite = await createInvitation(a.ctx, { email: uniqueEmail(), role: "member" });
    await signUpWithInvitation(invite.token, newcomer);
    const before = await countRows();
    await expectAppError(signUpWithInvitation(invite.token, newcomer), "NOT_FOUND");
    const other = await createOwner();
    await expectAppError(
      acceptInvitation(invite.token, { id: other.userId, email: other.email }),
      "NOT_FOUND",
    );
    expect(await getOpenInvitation(invite.token)).toBeNull();
    const after = await countRows();
    expect(after.memberships).toBe(before.memberships + 1); // only `other`'s own org
    expect(await membershipOf(a.orgId, other.userId)).toBeUndefined();
  });

  it("accepts a link only once even when two newcomers race for it", async () => {
    const invite = await createInvitation(a.ctx, { email: uniqueEmail(), role: "member" });
    const before = await countRows();
    const results = await Promise.allSettled([
      signUpWithInvitation(invite.token, newcomer),
      signUpWithInvitation(invite.token, newcomer),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const after = await countRows();
    expect(after.users - before.users).toBe(1);
    expect(after.memberships - before.memberships).toBe(1);
  });

  it("rejects a revoked link", async () => {
    const invite = await createInvitation(a.ctx, { email: uniqueEmail(), role: "admin" });
    await revokeInvitation(a.ctx, invite.id);
    expect(await getOpenInvitation(invite.token)).toBeNull();
    const before = await countRows();
    await expectAppError(signUpWithInvitation(invite.token, newcomer), "NOT_FOUND");
    expect(await countRows()).toEqual(before);
    // Revoking twice: there is nothing left to revoke.
    await expectAppError(revokeInvitation(a.ctx, invite.id), "NOT_FOUND");
  });

  it("rejects an expired link", async () => {
    const invite = await createInvitation(a.ctx, { email: uniqueEmail(), role: "member" });
    await withSystem("test: age the invitation", (tx) =>
      tx
        .update(invitations)
        .set({ expiresAt: new Date(Date.now() - 1000) })
        .where(and(eq(invitations.orgId, a.orgId), eq(invitations.id, invite.id))),
    );
    expect(await getOpenInvitation(invite.token)).toBeNull();
    const before = await countRows();
    await expectAppError(signUpWithInvitation(invite.token, newcomer), "NOT_FOUND");
    expect(await countRows()).toEqual(before);
    expect((await listPendingInvitations(a.ctx)).map((i) => i.id)).not.toContain(invite.id);
  });

  it("rejects a tampered link, a link pointed at another org, and garbage", async () => {
    const invite = await createInvitation(a.ctx, { email: uniqueEmail(), role: "admin" });
    const before = await countRows();
    const forged = [
      tamperSecret(invite.token),
      withOrg(invite.token, b.orgId),
      issueToken("inv", a.orgId, invite.id).token, // right ids, a secret of its own
      invite.token.replace(/^inv_/, "luneo_"),
      "inv_",
      "",
      "not a token",
    ];
    for (const token of forged) {
      expect(await getOpenInvitation(token)).toBeNull();
      await expectAppError(signUpWithInvitation(token, newcomer), "NOT_FOUND");
    }
    expect(await countRows()).toEqual(before);
    // The genuine link still works afterwards.
    expect(await getOpenInvitation(invite.token)).not.toBeNull();
  });

  it("refuses a newcomer sign-up for an email that already has an account", async () => {
    const existing = await createOwner();
    const invite = await createInvitation(a.ctx, { email: existing.email, role: "member" });
    const before = await countRows();
    const error = await expectAppError(signUpWithInvitation(invite.token, newcomer), "CONFLICT");
    expect(error.fieldErrors?.email).toBeDefined();
    expect(await countRows()).toEqual(before);
    expect(await getOpenInvitation(invite.token)).not.toBeNull();
  });
});

describe("who may invite whom", () => {
  it("a member cannot invite: FORBIDDEN, nothing written", async () => {
    const member = await addMember(a.ctx, "member");
    const before = await countRows();
    await expectAppError(
      createInvitation(member.ctx, { email: uniqueEmail(), role: "member" }),
      "FORBIDDEN",
    );
    await expectAppError(listPendingInvitations(member.ctx), "FORBIDDEN");
    expect(await countRows()).toEqual(before);
  });

  it("an admin can invite a member but not an admin", async () => {
    const admin = await addMember(a.ctx, "admin");
    const before = await countRows();
    await expectAppError(
      createInvitation(admin.ctx, { email: uniqueEmail(), role: "admin" }),
      "FORBIDDEN",
    );
    expect(await countRows()).toEqual(before);
    const invite = await createInvitation(admin.ctx, { email: uniqueEmail(), role: "member" });
    expect((await getOpenInvitation(invite.token))?.role).toBe("member");
  });

  it("nobody can invite an owner", () => {
    expect(inviteSchema.safeParse({ email: "x@example.com", role: "owner" }).success).toBe(false);
  });

  it("inviting someone who is already a member is a CONFLICT on the email field", async () => {
    const member = await addMember(a.ctx, "member");
    const before = await countRows();
    const error = await expectAppError(
      createInvitation(
        a.ctx,
        inviteSchema.parse({ email: member.email.toUpperCase(), role: "admin" }),
      ),
      "CONFLICT",
    );
    expect(error.fieldErrors?.email?.[0]).toMatch(/already a member/);
    expect(await countRows()).toEqual(before);
  });

  it("a member of another org can be invited (membership is per org)", async () => {
    const invite = await createInvitation(b.ctx, { email: a.email, role: "member" });
    expect((await getOpenInvitation(invite.token))?.orgId).toBe(b.orgId);
  });

  it.each([
    ["a malformed email", { email: "nope", role: "member" }, "email"],
    ["an unknown role", { email: "x@example.com", role: "superuser" }, "role"],
    ["no role", { email: "x@example.com" }, "role"],
  ])("rejects %s", (_label, raw, field) => {
    const result = inviteSchema.safeParse(raw);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join("."))).toEqual([field]);
  });
});

describe("across orgs", () => {
  it("org B cannot revoke org A's invitation (NOT_FOUND) and it stays open", async () => {
    const invite = await createInvitation(a.ctx, { email: uniqueEmail(), role: "member" });
    const before = await countRows();
    await expectAppError(revokeInvitation(b.ctx, invite.id), "NOT_FOUND");
    expect(await countRows()).toEqual(before);
    expect(await getOpenInvitation(invite.token)).not.toBeNull();
    expect((await listPendingInvitations(a.ctx)).map((i) => i.id)).toContain(invite.id);
    expect((await listPendingInvitations(b.ctx)).map((i) => i.id)).not.toContain(invite.id);
  });
});

describe("acceptInvitation (a signed-in user)", () => {
  it("joins an existing user to a second org with the invited role", async () => {
    const invite = await createInvitation(b.ctx, { email: a.email, role: "admin" });
    const accepted = await acceptInvitation(invite.token, {
      id: a.userId,
      email: a.email.toUpperCase(),
    });
    expect(accepted.orgId).toBe(b.orgId);
    expect((await membershipOf(b.orgId, a.userId))?.role).toBe("admin");
    expect((await membershipOf(a.orgId, a.userId))?.role).toBe("owner");
    expect(await getOpenInvitation(invite.token)).toBeNull();
  });

  it("refuses a user signed in with another email: FORBIDDEN, invitation still open", async () => {
    const invited = uniqueEmail("invited");
    const invite = await createInvitation(a.ctx, { email: invited, role: "admin" });
    const someoneElse = await createOwner();
    const before = await countRows();
    const error = await expectAppError(
      acceptInvitation(invite.token, { id: someoneElse.userId, email: someoneElse.email }),
      "FORBIDDEN",
    );
    expect(error.message).toContain(invited);
    expect(await countRows()).toEqual(before);
    expect(await membershipOf(a.orgId, someoneElse.userId)).toBeUndefined();
    expect(await getOpenInvitation(invite.token)).not.toBeNull();
  });
});
