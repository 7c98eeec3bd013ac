import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, users } from "@/db/schema";
import { withSystem, withTenant, withUser } from "@/lib/db/scopes";
import { removeMember } from "@/lib/tenancy/manage-members";
import { setupFreshDatabase } from "@/test/db";
import { expectAppError } from "@/test/errors";
import { addMember, createOwner, TEST_PASSWORD, type TestOwner } from "@/test/factories";
import { acceptInvitation, createInvitation } from "@/lib/tenancy/invitations";
import { verifyPassword } from "./password";
import { changeName, changePassword } from "./profile";
import { changePasswordSchema } from "./profile-schemas";
import { revokeUserSessions, signOutEverywhere } from "./revoke-sessions";
import {
  claimsOf,
  currentSessionVersion,
  loadSessionUser,
  sessionTenantContext,
  type SessionClaims,
} from "./session-user";

await setupFreshDatabase();

/** What a browser holds after signing in: the claims Auth.js puts in its session token. */
async function signInClaims(userId: string): Promise<SessionClaims> {
  const sessionVersion = await currentSessionVersion(userId);
  if (sessionVersion === null) throw new Error("no such user");
  return { userId, sessionVersion };
}

/** Invites an existing user into `owner`'s org and accepts as them; returns that org's id. */
async function addMemberExisting(owner: TestOwner, email: string): Promise<string> {
  const { token } = await createInvitation(owner.ctx, { email, role: "member" });
  const [user] = await withSystem("test: find a user", (tx) =>
    tx.select({ id: users.id }).from(users).where(eq(users.email, email)),
  );
  await acceptInvitation(token, { id: user!.id, email });
  return owner.orgId;
}

async function passwordHashOf(userId: string): Promise<string> {
  const [row] = await withSystem("test: read a password hash", (tx) =>
    tx.select({ hash: users.passwordHash }).from(users).where(eq(users.id, userId)),
  );
  return row!.hash;
}

describe("session tokens", () => {
  it("resolve to the user, their orgs and a tenant context while current", async () => {
    const a = await createOwner();
    const session = await loadSessionUser(await signInClaims(a.userId));
    expect(session?.user).toEqual({ id: a.userId, email: a.email, name: expect.any(String) });
    expect(session?.orgs.map((o) => o.id)).toEqual([a.orgId]);
    expect(sessionTenantContext(session!, undefined)?.org.id).toBe(a.orgId);
  });

  it("captured before sign-out no longer resolve; a new sign-in does", async () => {
    const a = await createOwner();
    const captured = await signInClaims(a.userId);

    await signOutEverywhere(a.userId);

    expect(await loadSessionUser(captured)).toBeNull();
    expect(await loadSessionUser(await signInClaims(a.userId))).not.toBeNull();
  });

  it("captured before a password change no longer resolve, on any device", async () => {
    const a = await createOwner();
    const laptop = await signInClaims(a.userId);
    const phone = await signInClaims(a.userId);

    await changePassword(
      a.ctx,
      changePasswordSchema.parse({
        currentPassword: TEST_PASSWORD,
        newPassword: "a brand new passphrase",
        confirmPassword: "a brand new passphrase",
      }),
    );

    expect(await loadSessionUser(laptop)).toBeNull();
    expect(await loadSessionUser(phone)).toBeNull();
  });

  it("of a removed member no longer open that org; their other orgs stay open", async () => {
    const a = await createOwner();
    const b = await createOwner();
    const member = await addMember(a.ctx, "admin");
    // The same person is also a member of org B (invited there with the same email).
    const inB = await addMemberExisting(b, member.email);
    const captured = await signInClaims(member.userId);

    await removeMember(a.ctx, member.userId);

    const session = await loadSessionUser(captured);
    expect(session?.orgs.map((o) => o.id)).toEqual([inB]);
    // The org cookie still names org A: it only selects among the person's memberships.
    expect(sessionTenantContext(session!, a.orgId)?.org.id).toBe(b.orgId);
  });

  it("of someone removed from their only org resolve to no tenant context", async () => {
    const a = await createOwner();
    const member = await addMember(a.ctx, "member");
    const captured = await signInClaims(member.userId);

    await removeMember(a.ctx, member.userId);

    const session = await loadSessionUser(captured);
    expect(session?.orgs).toEqual([]);
    expect(sessionTenantContext(session!, a.orgId)).toBeNull();
  });

  it("issued before session versions existed count as signed out", () => {
    expect(claimsOf({ user: { id: "4b1c1a4e-3e1d-4c52-9d7f-1c1f1c1f1c1f" } })).toBeNull();
    expect(claimsOf(null)).toBeNull();
    expect(claimsOf({ user: { id: "x" }, sessionVersion: 3 })).toEqual({
      userId: "x",
      sessionVersion: 3,
    });
  });
});

describe("revokeUserSessions", () => {
  it("works in the user's own transaction and on the system path", async () => {
    const a = await createOwner();
    const before = await currentSessionVersion(a.userId);
    await withUser(a.userId, (tx) => revokeUserSessions(tx, a.userId));
    await withSystem("test: password reset revokes sessions", (tx) =>
      revokeUserSessions(tx, a.userId),
    );
    expect(await currentSessionVersion(a.userId)).toBe(before! + 2);
  });

  it("cannot touch someone else's row from a user or tenant transaction", async () => {
    const a = await createOwner();
    const member = await addMember(a.ctx, "member");
    const before = await currentSessionVersion(member.userId);

    await expect(withUser(a.userId, (tx) => revokeUserSessions(tx, member.userId))).rejects.toThrow(
      /updated no row/,
    );
    await expect(withTenant(a.ctx, (tx) => revokeUserSessions(tx, member.userId))).rejects.toThrow(
      /updated no row/,
    );
    expect(await currentSessionVersion(member.userId)).toBe(before);
  });
});

describe("profile", () => {
  it("changes the name, audited without the value", async () => {
    const a = await createOwner();
    await changeName(a.ctx, { name: "Ada Lovelace" });
    const session = await loadSessionUser(await signInClaims(a.userId));
    expect(session?.user.name).toBe("Ada Lovelace");
    const entries = await withSystem("test: read audit", (tx) =>
      tx.select().from(auditLog).where(eq(auditLog.action, "user.profile_changed")),
    );
    const mine = entries.filter((e) => e.actorId === a.userId);
    expect(mine).toEqual([
      expect.objectContaining({
        orgId: a.orgId,
        targetId: a.userId,
        metadata: { fields: ["name"] },
      }),
    ]);
    expect(JSON.stringify(mine)).not.toContain("Ada");
  });

  it("changes the password only with the current one, audited without values", async () => {
    const a = await createOwner();
    const hashBefore = await passwordHashOf(a.userId);
    const versionBefore = await currentSessionVersion(a.userId);

    const wrong = await expectAppError(
      changePassword(a.ctx, {
        currentPassword: "not my password",
        newPassword: "a brand new passphrase",
        confirmPassword: "a brand new passphrase",
      }),
      "VALIDATION",
    );
    expect(wrong.fieldErrors?.currentPassword).toEqual(["This is not your current password."]);
    const same = await expectAppError(
      changePassword(a.ctx, {
        currentPassword: TEST_PASSWORD,
        newPassword: TEST_PASSWORD,
        confirmPassword: TEST_PASSWORD,
      }),
      "VALIDATION",
    );
    expect(same.fieldErrors?.newPassword).toBeDefined();
    // Refused: nothing changed, no session ended.
    expect(await passwordHashOf(a.userId)).toBe(hashBefore);
    expect(await currentSessionVersion(a.userId)).toBe(versionBefore);

    await changePassword(a.ctx, {
      currentPassword: TEST_PASSWORD,
      newPassword: "a brand new passphrase",
      confirmPassword: "a brand new passphrase",
    });
    const hashAfter = await passwordHashOf(a.userId);
    expect(hashAfter).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(hashAfter, "a brand new passphrase")).toBe(true);
    expect(await verifyPassword(hashAfter, TEST_PASSWORD)).toBe(false);
    const entries = await withSystem("test: read audit", (tx) =>
      tx.select().from(auditLog).where(eq(auditLog.action, "user.password_changed")),
    );
    const mine = entries.filter((e) => e.actorId === a.userId);
    expect(mine).toEqual([
      expect.objectContaining({ orgId: a.orgId, targetId: a.userId, metadata: {} }),
    ]);
  });

  it("limits attempts at the current password like sign-in (10 per 15 minutes)", async () => {
    const a = await createOwner();
    const attempt = () =>
      changePassword(a.ctx, {
        currentPassword: "guess",
        newPassword: "a brand new passphrase",
        confirmPassword: "a brand new passphrase",
      });
    for (let i = 0; i < 10; i++) await expectAppError(attempt(), "VALIDATION");
    await expectAppError(attempt(), "RATE_LIMITED");
  });

  it("checks the new password with the sign-up rules and the confirmation", () => {
    const parsed = changePasswordSchema.safeParse({
      currentPassword: "x",
      newPassword: "short",
      confirmPassword: "other",
    });
    expect(parsed.success).toBe(false);
    const paths = parsed.error!.issues.map((i) => i.path.join("."));
    expect(paths).toContain("newPassword");
    expect(paths).toContain("confirmPassword");
  });

  it("refuses an API key: it has no account", async () => {
    const a = await createOwner();
    const keyCtx = {
      org: a.ctx.org,
      actor: {
        type: "api_key" as const,
        keyId: a.userId,
        scopes: [],
        permissions: ["org.read" as const],
      },
    };
    await expectAppError(changeName(keyCtx, { name: "Robot" }), "FORBIDDEN");
  });
});
