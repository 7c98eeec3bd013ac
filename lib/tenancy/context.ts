import "server-only";
import { asc, eq } from "drizzle-orm";
import { memberships, orgs, type OrgRole } from "@/db/schema";
import { ROLE_PERMISSIONS } from "@/lib/auth/permissions";
import type { TenantContext } from "@/lib/context";
import { withUser } from "@/lib/db/scopes";

export type MyOrg = { id: string; name: string; slug: string; role: OrgRole };

/** The context of a person acting in an org with a role: the permissions follow from the role. */
export function memberContext(
  org: { id: string; name: string; slug: string },
  userId: string,
  role: OrgRole,
): TenantContext {
  return {
    org: { id: org.id, name: org.name, slug: org.slug },
    actor: { type: "user", userId, role, permissions: ROLE_PERMISSIONS[role] },
  };
}

/** The orgs a user belongs to, oldest membership first. */
export async function listMyOrgs(userId: string): Promise<MyOrg[]> {
  return withUser(userId, (tx) =>
    tx
      .select({ id: orgs.id, name: orgs.name, slug: orgs.slug, role: memberships.role })
      .from(memberships)
      .innerJoin(orgs, eq(orgs.id, memberships.orgId))
      .where(eq(memberships.userId, userId))
      .orderBy(asc(memberships.createdAt)),
  );
}

/**
 * The tenant context of a signed-in user. `preferredOrgId` comes from the browser (the org
 * switcher's cookie) and only selects among the user's own memberships; anything else falls back
 * to their first org. Null when the user belongs to no org.
 */
export async function resolveUserContext(
  userId: string,
  preferredOrgId: string | undefined,
): Promise<{ ctx: TenantContext; orgs: MyOrg[] } | null> {
  const myOrgs = await listMyOrgs(userId);
  const current = myOrgs.find((o) => o.id === preferredOrgId) ?? myOrgs[0];
  if (!current) return null;
  return { orgs: myOrgs, ctx: memberContext(current, userId, current.role) };
}
