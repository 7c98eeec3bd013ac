import "server-only";
import { and, asc, desc, eq, gt, isNull } from "drizzle-orm";
import { invitations, memberships, users } from "@/db/schema";
import { requirePermission } from "@/lib/auth/permissions";
import type { TenantContext } from "@/lib/context";
import { withTenant } from "@/lib/db/scopes";

export async function listMembers(ctx: TenantContext) {
  requirePermission(ctx, "members.read");
  return withTenant(ctx, (tx) =>
    tx
      .select({
        userId: users.id,
        name: users.name,
        email: users.email,
        role: memberships.role,
        joinedAt: memberships.createdAt,
      })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(memberships.orgId, ctx.org.id))
      .orderBy(asc(memberships.createdAt)),
  );
}

/** Invitations still waiting: not accepted, not revoked, not expired. */
export async function listPendingInvitations(ctx: TenantContext) {
  requirePermission(ctx, "members.invite");
  return withTenant(ctx, (tx) =>
    tx
      .select({
        id: invitations.id,
        email: invitations.email,
        role: invitations.role,
        createdAt: invitations.createdAt,
        expiresAt: invitations.expiresAt,
      })
      .from(invitations)
      .where(
        and(
          eq(invitations.orgId, ctx.org.id),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
          gt(invitations.expiresAt, new Date()),
        ),
      )
      .orderBy(desc(invitations.createdAt)),
  );
}
