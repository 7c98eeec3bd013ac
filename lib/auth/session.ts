import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import type { TenantContext } from "@/lib/context";
import { resolveUserContext, type MyOrg } from "@/lib/tenancy/context";
import { auth } from "./auth";

export const ORG_COOKIE = "luneo_org";
/** Where a signed-in user who belongs to no org lands. */
export const NO_ORG_PATH = "/no-organisation";

export type SessionContext = {
  ctx: TenantContext;
  orgs: MyOrg[];
  user: { id: string; email: string; name: string };
};

/** The signed-in user's tenant context for this request, or null. Cached per request. */
export const getSessionContext = cache(async (): Promise<SessionContext | null> => {
  const session = await auth();
  const userId = session?.user?.id;
  if (!userId) return null;
  const preferredOrg = (await cookies()).get(ORG_COOKIE)?.value;
  const resolved = await resolveUserContext(userId, preferredOrg);
  if (!resolved) return null;
  return {
    ...resolved,
    user: { id: userId, email: session.user?.email ?? "", name: session.user?.name ?? "" },
  };
});

/** For pages: the context, or a redirect to sign-in (or, signed in without an org, to say so). */
export async function requireSessionContext(): Promise<SessionContext> {
  const context = await getSessionContext();
  if (context) return context;
  // Someone removed from their last org is still signed in: the sign-in form would only send them
  // back here, so they get a page that explains instead.
  const session = await auth();
  redirect(session?.user?.id ? NO_ORG_PATH : "/sign-in");
}
