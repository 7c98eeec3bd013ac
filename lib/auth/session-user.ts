import "server-only";
import { and, asc, eq } from "drizzle-orm";
import { memberships, orgs, users } from "@/db/schema";
import type { TenantContext } from "@/lib/context";
import { withUser } from "@/lib/db/scopes";
import { memberContext, type MyOrg } from "@/lib/tenancy/context";

/** What a session token carries: the user id and the session version read at sign-in. */
export type SessionClaims = { userId: string; sessionVersion: number };

export type SignedInUser = { id: string; email: string; name: string };
export type SessionUser = { user: SignedInUser; orgs: MyOrg[] };

/** The version a new session token records: the user's current one. Read once, at sign-in. */
export async function currentSessionVersion(userId: string): Promise<number | null> {
  const [row] = await withUser(userId, (tx) =>
    tx.select({ sessionVersion: users.sessionVersion }).from(users).where(eq(users.id, userId)),
  );
  return row?.sessionVersion ?? null;
}

/**
 * The person behind a session token, with their orgs — or null when the token was revoked (its
 * version is no longer the user's) or the user is gone. One statement per request: the version
 * check rides on the memberships read every request already made (users by primary key, left
 * joined to memberships by `memberships_user_id_idx`), so revocation costs no extra round trip.
 */
export async function loadSessionUser(claims: SessionClaims): Promise<SessionUser | null> {
  const rows = await withUser(claims.userId, (tx) =>
    tx
      .select({
        email: users.email,
        name: users.name,
        orgId: orgs.id,
        orgName: orgs.name,
        orgSlug: orgs.slug,
        role: memberships.role,
      })
      .from(users)
      .leftJoin(memberships, eq(memberships.userId, users.id))
      .leftJoin(orgs, eq(orgs.id, memberships.orgId))
      .where(and(eq(users.id, claims.userId), eq(users.sessionVersion, claims.sessionVersion)))
      .orderBy(asc(memberships.createdAt)),
  );
  const [first] = rows;
  if (!first) return null;
  const myOrgs: MyOrg[] = [];
  for (const r of rows) {
    if (r.orgId && r.orgName !== null && r.orgSlug !== null && r.role) {
      myOrgs.push({ id: r.orgId, name: r.orgName, slug: r.orgSlug, role: r.role });
    }
  }
  return { user: { id: claims.userId, email: first.email, name: first.name }, orgs: myOrgs };
}

/**
 * The tenant context of a signed-in user. `preferredOrgId` comes from the browser (the org
 * switcher's cookie) and only selects among the user's own memberships; anything else falls back
 * to their first org. Null when the user belongs to no org.
 */
export function sessionTenantContext(
  session: SessionUser,
  preferredOrgId: string | undefined,
): TenantContext | null {
  const current = session.orgs.find((o) => o.id === preferredOrgId) ?? session.orgs[0];
  return current ? memberContext(current, session.user.id, current.role) : null;
}

/** The claims of an Auth.js session object, or null when it has none or predates versions. */
export function claimsOf(
  session: { user?: { id?: string | null } | null; sessionVersion?: unknown } | null,
): SessionClaims | null {
  const userId = session?.user?.id;
  const sessionVersion = session?.sessionVersion;
  // A token issued before session versions existed carries none: it counts as signed out.
  if (!userId || typeof sessionVersion !== "number") return null;
  return { userId, sessionVersion };
}
