import "server-only";
import { and, asc, eq, or } from "drizzle-orm";
import type { Transaction } from "@/db";
import { memberships, type OrgRole } from "@/db/schema";
import { requirePermission, ROLE_PERMISSIONS } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import type { TenantContext } from "@/lib/context";
import { withTenant } from "@/lib/db/scopes";
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
  tx: Transaction,
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

/** Removes the membership only: the person keeps their account and any other orgs. */
export async function removeMember(ctx: TenantContext, userId: string) {
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
    await tx
      .delete(memberships)
      .where(and(eq(memberships.orgId, ctx.org.id), eq(memberships.userId, userId)));
    await recordAudit(tx, ctx, {
      action: "member.removed",
      targetType: "user",
      targetId: userId,
      metadata: { role: locked.target.role },
    });
  });
}
