import "server-only";
import { notFound } from "next/navigation";
import { cache } from "react";
import { getSignedInUser } from "@/lib/auth/session";
import type { StaffMember } from "./actor";
import { loadStaffMember } from "./staff";

/**
 * The signed-in staff member of this request, or null. Goes through getSignedInUser, so a revoked
 * session (sign-out, password change) is no longer staff either. Cached per request.
 */
export const getStaffMember = cache(async (): Promise<StaffMember | null> => {
  const user = await getSignedInUser();
  return user ? loadStaffMember(user) : null;
});

/**
 * For the /staff pages: the staff member, or a 404 — not a 403 and not a redirect to sign-in, so
 * nobody outside learns that the area exists (docs/adr/0011).
 */
export async function requireStaffOr404(): Promise<StaffMember> {
  const staff = await getStaffMember();
  if (!staff) notFound();
  return staff;
}
