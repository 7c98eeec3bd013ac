import { randomBytes } from "node:crypto";
import type { OrgRole } from "@/db/schema";
import type { TenantContext } from "@/lib/context";
import { createInvitation, signUpWithInvitation } from "@/lib/tenancy/invitations";
import { resolveUserContext } from "@/lib/tenancy/context";
import { inviteSchema, signUpSchema } from "@/lib/tenancy/schemas";
import { signUp } from "@/lib/tenancy/sign-up";

// Test data goes through the real services (sign-up, invitations), so every row a test sees was
// written the way production writes it. Names are unique per call: tests isolate through data.

export const TEST_PASSWORD = "correct horse battery staple";

export function uniqueSuffix(): string {
  return randomBytes(4).toString("hex");
}

export function uniqueEmail(label = "user"): string {
  return `${label}-${uniqueSuffix()}@example.com`;
}

/** The tenant context of a user in one org, as a signed-in request would resolve it. */
export async function contextOf(userId: string, orgId: string): Promise<TenantContext> {
  const resolved = await resolveUserContext(userId, orgId);
  if (!resolved || resolved.ctx.org.id !== orgId) {
    throw new Error(`user ${userId} is not a member of org ${orgId}`);
  }
  return resolved.ctx;
}

export type TestOwner = { userId: string; orgId: string; email: string; ctx: TenantContext };

/** A new business signed up through the sign-up service: its owner and their context. */
export async function createOwner(
  opts: { orgName?: string; email?: string } = {},
): Promise<TestOwner> {
  const input = signUpSchema.parse({
    name: `Owner ${uniqueSuffix()}`,
    email: opts.email ?? uniqueEmail("owner"),
    password: TEST_PASSWORD,
    orgName: opts.orgName ?? `Org ${uniqueSuffix()}`,
  });
  // Verified: most tests act as an owner who can invite and create keys; the verification tests
  // sign up through the service without it.
  const { userId, orgId } = await signUp(input, { verified: true });
  return { userId, orgId, email: input.email, ctx: await contextOf(userId, orgId) };
}

export type TestMember = { userId: string; email: string; ctx: TenantContext };

/** Invites a newcomer with `role` (as `inviterCtx`) and signs them up through the link. */
export async function addMember(
  inviterCtx: TenantContext,
  role: Exclude<OrgRole, "owner">,
  opts: { email?: string } = {},
): Promise<TestMember> {
  const invite = inviteSchema.parse({ email: opts.email ?? uniqueEmail(role), role });
  const { token } = await createInvitation(inviterCtx, invite);
  const { user } = await signUpWithInvitation(
    token,
    { name: `${role} ${uniqueSuffix()}`, password: TEST_PASSWORD },
    { verified: true },
  );
  return { userId: user.id, email: user.email, ctx: await contextOf(user.id, inviterCtx.org.id) };
}
