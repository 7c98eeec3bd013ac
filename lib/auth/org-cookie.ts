import "server-only";
import { cookies } from "next/headers";
import { ORG_COOKIE } from "./session";

/**
 * Selects the org the session works in. Not in a "use server" file: every export of those is a
 * public POST endpoint, and this one would let anyone set the cookie to any org id. Callers check
 * the membership first (switchOrgAction) or have just created it (sign-up, invitations).
 */
export async function setCurrentOrg(orgId: string) {
  (await cookies()).set(ORG_COOKIE, orgId, {
    httpOnly: true,
    sameSite: "lax",
    secure: process.env.NODE_ENV === "production" && process.env.PUBLIC_URL?.startsWith("https://"),
    path: "/",
    maxAge: 365 * 86_400,
  });
}
