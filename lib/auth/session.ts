import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import type { TenantContext } from "@/lib/context";
import { resolveUserContext, type MyOrg } from "@/lib/tenancy/context";
import { auth } from "./auth";

export const ORG_COOKIE = "luneo_org";

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

/** For pages: the context, or a redirect to sign-in. */
export async function requireSessionContext(): Promise<SessionContext> {
  const context = await getSessionContext();
  if (!context) redirect("/sign-in");
  return context;
}
