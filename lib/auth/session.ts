import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import type { TenantContext } from "@/lib/context";
import type { MyOrg } from "@/lib/tenancy/context";
import { auth } from "./auth";
import {
  claimsOf,
  loadSessionUser,
  sessionTenantContext,
  type SessionUser,
  type SignedInUser,
} from "./session-user";

export const ORG_COOKIE = "luneo_org";
/** Where a signed-in user who belongs to no org lands. */
export const NO_ORG_PATH = "/no-organisation";

export type SessionContext = {
  ctx: TenantContext;
  orgs: MyOrg[];
  user: SignedInUser;
};

/**
 * The session token checked against the database: null when there is none or it was revoked
 * (sign-out, password change). Cached per request. Everything that asks "who is signed in" goes
 * through here, never through `auth()` alone, which only checks the token's signature and expiry.
 */
const resolveSession = cache(async (): Promise<SessionUser | null> => {
  const claims = claimsOf(await auth());
  return claims ? loadSessionUser(claims) : null;
});

/** The signed-in person (whether or not they belong to an org), or null. */
export async function getSignedInUser(): Promise<SignedInUser | null> {
  return (await resolveSession())?.user ?? null;
}

/** The signed-in user's tenant context for this request, or null. Cached per request. */
export const getSessionContext = cache(async (): Promise<SessionContext | null> => {
  const session = await resolveSession();
  if (!session) return null;
  const ctx = sessionTenantContext(session, (await cookies()).get(ORG_COOKIE)?.value);
  return ctx ? { ctx, orgs: session.orgs, user: session.user } : null;
});

/** For pages: the context, or a redirect to sign-in (or, signed in without an org, to say so). */
export async function requireSessionContext(): Promise<SessionContext> {
  const context = await getSessionContext();
  if (context) return context;
  // Someone removed from their last org is still signed in: the sign-in form would only send them
  // back here, so they get a page that explains instead.
  redirect((await getSignedInUser()) ? NO_ORG_PATH : "/sign-in");
}
