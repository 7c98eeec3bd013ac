import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { apiKeys, auditLog, memberships } from "@/db/schema";
import { authenticateApiKey } from "@/lib/api-keys/authenticate";
import { createApiKey, listApiKeys } from "@/lib/api-keys/service";
import { withSystem } from "@/lib/db/scopes";
import { countRows, setupFreshDatabase } from "@/test/db";
import { expectAppError } from "@/test/errors";
import { addMember, createOwner, TEST_PASSWORD, uniqueEmail } from "@/test/factories";
import { createInvitation, getOpenInvitation, signUpWithInvitation } from "./invitations";
import { changeMemberRole, listMemberBelongings, removeMember } from "./manage-members";
import { removeMemberSchema } from "./schemas";

await setupFreshDatabase();

/** An org whose admin made an API key and an invitation: what removal has to settle. */
async function adminWithKeyAndInvitation() {
  const owner = await createOwner();
  const admin = await addMember(owner.ctx, "admin");
  const key = await createApiKey(admin.ctx, { name: "CRM sync", scopes: ["contacts:read"] });
  const invitation = await createInvitation(admin.ctx, { email: uniqueEmail(), role: "member" });
  return { owner, admin, key, invitation };
}

const bearer = (token: string) => `Bearer ${token}`;

async function auditActions(orgId: string) {
  const rows = await withSystem("test: read audit", (tx) =>
    tx.select().from(auditLog).where(eq(auditLog.orgId, orgId)),
  );
  return rows;
}

describe("removing an admin who made API keys and invitations", () => {
  it("lists what they answer for, for the removal dialog (owners only)", async () => {
    const { owner, admin, key, invitation } = await adminWithKeyAndInvitation();
    const belongings = await listMemberBelongings(owner.ctx);
    expect(belongings.get(admin.userId)).toEqual({
      apiKeys: [{ id: key.id, name: "CRM sync", lastFour: key.token.slice(-4) }],
      invitations: [{ id: invitation.id, email: expect.any(String), role: "member" }],
    });
    await expectAppError(listMemberBelongings(admin.ctx), "FORBIDDEN");
  });

  it("revokes them by default: the key answers 401, the invitation is refused", async () => {
    const { owner, admin, key, invitation } = await adminWithKeyAndInvitation();
    await authenticateApiKey(bearer(key.token), "contacts:read"); // works before

    await removeMember(owner.ctx, admin.userId);

    await expectAppError(authenticateApiKey(bearer(key.token), "contacts:read"), "UNAUTHORIZED");
    expect(await getOpenInvitation(invitation.token)).toBeNull();
    await expectAppError(
      signUpWithInvitation(invitation.token, { name: "Late", password: TEST_PASSWORD }),
      "NOT_FOUND",
    );
    const actions = (await auditActions(owner.orgId)).map((e) => [e.action, e.targetId]);
    expect(actions).toEqual(
      expect.arrayContaining([
        ["api_key.revoked", key.id],
        ["member.invitation_revoked", invitation.id],
        ["member.removed", admin.userId],
      ]),
    );
  });

  it("hands them over to the remover when chosen: both keep working, the list names both", async () => {
    const { owner, admin, key, invitation } = await adminWithKeyAndInvitation();

    await removeMember(owner.ctx, admin.userId, { belongings: "hand_over" });

    const keyCtx = await authenticateApiKey(bearer(key.token), "contacts:read");
    expect(keyCtx.org.id).toBe(owner.orgId);
    expect(await getOpenInvitation(invitation.token)).not.toBeNull();
    const [listed] = (await listApiKeys(owner.ctx)).filter((k) => k.id === key.id);
    expect(listed).toMatchObject({
      createdByEmail: admin.email,
      creatorIsMember: false,
      handedOverToName: expect.stringMatching(/^Owner /),
      revokedAt: null,
    });
    const handed = (await auditActions(owner.orgId)).filter((e) =>
      e.action.endsWith("handed_over"),
    );
    expect(handed.map((e) => [e.action, e.metadata])).toEqual(
      expect.arrayContaining([
        ["api_key.handed_over", { from: admin.userId, to: owner.userId, reason: "member_removed" }],
        [
          "member.invitation_handed_over",
          { from: admin.userId, to: owner.userId, reason: "member_removed" },
        ],
      ]),
    );
  });

  it("the key list still names a removed creator, with their email", async () => {
    const { owner, admin, key } = await adminWithKeyAndInvitation();
    await removeMember(owner.ctx, admin.userId);
    const [listed] = (await listApiKeys(owner.ctx)).filter((k) => k.id === key.id);
    expect(listed).toMatchObject({
      createdByName: expect.stringMatching(/^admin /),
      createdByEmail: admin.email,
      creatorIsMember: false,
      handedOverToName: null,
    });
    expect(listed!.revokedAt).not.toBeNull();
  });

  it("stops a key or invitation whose maker left by any other path (no revocation recorded)", async () => {
    const { owner, admin, key, invitation } = await adminWithKeyAndInvitation();
    // As if the membership had gone before removals settled keys (data from older versions).
    await withSystem("test: delete a membership directly", (tx) =>
      tx
        .delete(memberships)
        .where(and(eq(memberships.orgId, owner.orgId), eq(memberships.userId, admin.userId))),
    );
    await expectAppError(authenticateApiKey(bearer(key.token), "contacts:read"), "UNAUTHORIZED");
    expect(await getOpenInvitation(invitation.token)).toBeNull();
  });

  it("refuses the removal to a non-owner and across orgs, changing nothing", async () => {
    const { owner, admin, key } = await adminWithKeyAndInvitation();
    const other = await createOwner();
    const before = await countRows();
    await expectAppError(removeMember(admin.ctx, owner.userId), "FORBIDDEN");
    await expectAppError(
      removeMember(other.ctx, admin.userId, { belongings: "hand_over" }),
      "NOT_FOUND",
    );
    expect(await countRows()).toEqual(before);
    await authenticateApiKey(bearer(key.token), "contacts:read");
    const [stored] = await withSystem("test: read the key", (tx) =>
      tx.select().from(apiKeys).where(eq(apiKeys.id, key.id)),
    );
    expect(stored).toMatchObject({ revokedAt: null, handedOverTo: null });
  });

  it("cannot hand one's own keys over to oneself when leaving", async () => {
    const owner = await createOwner();
    const second = await addMember(owner.ctx, "admin");
    const key = await createApiKey(owner.ctx, { name: "Mine", scopes: ["contacts:read"] });
    // Make the admin an owner so the first owner may leave.
    await changeMemberRole(owner.ctx, second.userId, "owner");

    await expectAppError(
      removeMember(owner.ctx, owner.userId, { belongings: "hand_over" }),
      "VALIDATION",
    );
    // Still a member, nothing changed: the key works and is neither revoked nor handed over.
    await authenticateApiKey(bearer(key.token), "contacts:read");
  });

  it("reads the choice from the form: revoke unless hand_over is chosen", () => {
    const userId = "4b1c1a4e-3e1d-4c52-9d7f-1c1f1c1f1c1f";
    expect(removeMemberSchema.parse({ userId }).belongings).toBe("revoke");
    expect(removeMemberSchema.parse({ userId, belongings: "hand_over" }).belongings).toBe(
      "hand_over",
    );
    expect(removeMemberSchema.safeParse({ userId, belongings: "keep" }).success).toBe(false);
  });
});
