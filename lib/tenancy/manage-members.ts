import "server-only";
import { and, asc, eq, gt, isNull, or, sql } from "drizzle-orm";
import { apiKeys, invitations, memberships, type OrgRole } from "@/db/schema";
import { requirePermission, ROLE_PERMISSIONS } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import type { TenantContext } from "@/lib/context";
import { withTenant, type TenantTx } from "@/lib/db/scopes";
import { AppError, ForbiddenError, NotFoundError } from "@/lib/errors";

type LockedMemberships = {
  target: { userId: string; role: OrgRole };
  owners: { userId: string; role: OrgRole }[];
};

/**
 * Locks the org's owner memberships, the target's and the acting user's, then answers from them.
 *
 * "Is this the last owner?" must be answered on rows nobody else can change before we commit:
 * two owners demoting each other at once would otherwise each still count two owners and leave
 * the org with none. The rows are locked in one statement in user-id order, so two such
 * transactions cannot deadlock: the second waits for the first, and READ COMMITTED then re-checks
 * the rows it locks against their committed values (a demoted owner no longer counts).
 *
 * The acting user's role is re-read under the same lock: the context's permissions were resolved
 * when the request began, and an owner demoted in the meantime must not act as one.
 */
async function lockMemberships(
  tx: TenantTx,
  ctx: TenantContext,
  targetUserId: string,
): Promise<LockedMemberships> {
  const actorUserId = ctx.actor.type === "user" ? ctx.actor.userId : undefined;
  const rows = await tx
    .select({ userId: memberships.userId, role: memberships.role })
    .from(memberships)
    .where(
      and(
        eq(memberships.orgId, ctx.org.id),
        or(
          eq(memberships.role, "owner"),
          eq(memberships.userId, targetUserId),
          actorUserId ? eq(memberships.userId, actorUserId) : undefined,
        ),
      ),
    )
    .orderBy(asc(memberships.userId))
    .for("update");

  if (actorUserId) {
    const actor = rows.find((r) => r.userId === actorUserId);
    if (!actor || !ROLE_PERMISSIONS[actor.role].includes("members.manage")) {
      throw new ForbiddenError();
    }
  }
  const target = rows.find((r) => r.userId === targetUserId);
  // Another org's user, or nobody: either way not a member of this org.
  if (!target) throw new NotFoundError("This member");
  return { target, owners: rows.filter((r) => r.role === "owner") };
}

function isLastOwner({ target, owners }: LockedMemberships): boolean {
  return target.role === "owner" && owners.length <= 1;
}

// Only reachable for oneself while a person acts (any other owner's presence makes two), but an
// actor that is not a person may one day hold members.manage.
function isSelf(ctx: TenantContext, userId: string): boolean {
  return ctx.actor.type === "user" && ctx.actor.userId === userId;
}

export async function changeMemberRole(ctx: TenantContext, userId: string, role: OrgRole) {
  requirePermission(ctx, "members.manage");
  await withTenant(ctx, async (tx) => {
    const locked = await lockMemberships(tx, ctx, userId);
    const from = locked.target.role;
    if (from === role) return;
    if (isLastOwner(locked)) {
      throw new AppError(
        "CONFLICT",
        isSelf(ctx, userId)
          ? "You are the only owner. Make another member an owner before you change your own role."
          : "This is the only owner. Make another member an owner before changing this role.",
      );
    }
    await tx
      .update(memberships)
      .set({ role })
      .where(and(eq(memberships.orgId, ctx.org.id), eq(memberships.userId, userId)));
    await recordAudit(tx, ctx, {
      action: "member.role_changed",
      targetType: "user",
      targetId: userId,
      metadata: { from, to: role },
    });
  });
}

/** What a removal does with the API keys and open invitations the person answers for. */
export type BelongingsChoice = "revoke" | "hand_over";

export type MemberBelongings = {
  apiKeys: { id: string; name: string; lastFour: string }[];
  invitations: { id: string; email: string; role: OrgRole }[];
};

// The person a key answers to: whoever it was handed over to, else its creator (null for a key
// issued by staff).
const keyHolder = sql<string | null>`coalesce(${apiKeys.handedOverTo}, ${apiKeys.createdBy})`;

function openKeysOf(orgId: string, userId?: string) {
  return and(
    eq(apiKeys.orgId, orgId),
    isNull(apiKeys.revokedAt),
    userId ? sql`${keyHolder} = ${userId}` : undefined,
  );
}

function openInvitationsOf(orgId: string, userId?: string) {
  return and(
    eq(invitations.orgId, orgId),
    isNull(invitations.acceptedAt),
    isNull(invitations.revokedAt),
    gt(invitations.expiresAt, sql`now()`),
    userId ? eq(invitations.invitedBy, userId) : undefined,
  );
}

/**
 * For the team page's removal dialog: per member, the live API keys and open invitations they
 * answer for (a removal revokes them or hands them over).
 */
export async function listMemberBelongings(
  ctx: TenantContext,
): Promise<Map<string, MemberBelongings>> {
  requirePermission(ctx, "members.manage");
  const [keys, invites] = await withTenant(ctx, (tx) =>
    Promise.all([
      tx
        .select({
          holder: keyHolder,
          id: apiKeys.id,
          name: apiKeys.name,
          lastFour: apiKeys.lastFour,
        })
        .from(apiKeys)
        .where(openKeysOf(ctx.org.id))
        .orderBy(asc(apiKeys.createdAt)),
      tx
        .select({
          holder: invitations.invitedBy,
          id: invitations.id,
          email: invitations.email,
          role: invitations.role,
        })
        .from(invitations)
        .where(openInvitationsOf(ctx.org.id))
        .orderBy(asc(invitations.createdAt)),
    ]),
  );
  const byUser = new Map<string, MemberBelongings>();
  const of = (userId: string) => {
    let entry = byUser.get(userId);
    if (!entry) byUser.set(userId, (entry = { apiKeys: [], invitations: [] }));
    return entry;
  };
  // Keys and invitations issued by staff (no holder) belong to no member.
  for (const { holder, ...key } of keys) if (holder) of(holder).apiKeys.push(key);
  for (const { holder, ...invitation } of invites)
    if (holder) of(holder).invitations.push(invitation);
  return byUser;
}

/**
 * A removed person's live API keys and open invitations must not outlive their membership: they
 * are revoked, or, when the remover explicitly chooses so, handed over to the remover (who then
 * answers for them). Both are audited per key and per invitation.
 */
async function settleBelongings(
  tx: TenantTx,
  ctx: TenantContext,
  userId: string,
  choice: BelongingsChoice,
) {
  const reason = "member_removed";
  if (choice === "hand_over") {
    if (ctx.actor.type !== "user" || ctx.actor.userId === userId) {
      throw new AppError(
        "VALIDATION",
        "Keys and invitations can only be handed over to another person. Choose to revoke them.",
      );
    }
    const to = ctx.actor.userId;
    const keys = await tx
      .update(apiKeys)
      .set({ handedOverTo: to })
      .where(openKeysOf(ctx.org.id, userId))
      .returning({ id: apiKeys.id });
    const invites = await tx
      .update(invitations)
      .set({ invitedBy: to })
      .where(openInvitationsOf(ctx.org.id, userId))
      .returning({ id: invitations.id });
    for (const { id } of keys) {
      await recordAudit(tx, ctx, {
        action: "api_key.handed_over",
        targetType: "api_key",
        targetId: id,
        metadata: { from: userId, to, reason },
      });
    }
    for (const { id } of invites) {
      await recordAudit(tx, ctx, {
        action: "member.invitation_handed_over",
        targetType: "invitation",
        targetId: id,
        metadata: { from: userId, to, reason },
      });
    }
    return;
  }
  const now = new Date();
  const keys = await tx
    .update(apiKeys)
    .set({ revokedAt: now })
    .where(openKeysOf(ctx.org.id, userId))
    .returning({ id: apiKeys.id });
  // Expired ones too: nothing of the person's stays open.
  const invites = await tx
    .update(invitations)
    .set({ revokedAt: now })
    .where(
      and(
        eq(invitations.orgId, ctx.org.id),
        eq(invitations.invitedBy, userId),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
      ),
    )
    .returning({ id: invitations.id });
  for (const { id } of keys) {
    await recordAudit(tx, ctx, {
      action: "api_key.revoked",
      targetType: "api_key",
      targetId: id,
      metadata: { reason },
    });
  }
  for (const { id } of invites) {
    await recordAudit(tx, ctx, {
      action: "member.invitation_revoked",
      targetType: "invitation",
      targetId: id,
      metadata: { reason },
    });
  }
}

/**
 * Removes the membership: the person keeps their account and any other orgs. Their access to this
 * org ends on their next request (every request re-reads memberships with the session check, see
 * docs/adr/0003); their sessions elsewhere are not ended — one org's owner does not sign a person
 * out of other orgs. The API keys and open invitations they answer for are revoked, or handed over
 * to the remover when `belongings` says so.
 */
export async function removeMember(
  ctx: TenantContext,
  userId: string,
  { belongings = "revoke" }: { belongings?: BelongingsChoice } = {},
) {
  requirePermission(ctx, "members.manage");
  await withTenant(ctx, async (tx) => {
    const locked = await lockMemberships(tx, ctx, userId);
    if (isLastOwner(locked)) {
      throw new AppError(
        "CONFLICT",
        isSelf(ctx, userId)
          ? "You are the only owner. Make another member an owner before you leave."
          : "This is the only owner. Make another member an owner before removing them.",
      );
    }
    await settleBelongings(tx, ctx, userId, belongings);
    await tx
      .delete(memberships)
      .where(and(eq(memberships.orgId, ctx.org.id), eq(memberships.userId, userId)));
    await recordAudit(tx, ctx, {
      action: "member.removed",
      targetType: "user",
      targetId: userId,
      metadata: { role: locked.target.role, belongings },
    });
  });
}
