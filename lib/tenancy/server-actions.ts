"use server";

import { revalidatePath } from "next/cache";
import { unstable_rethrow } from "next/navigation";
import { redirect } from "next/navigation";
import { inRequestContext, sessionAction } from "@/lib/actions";
import { parseInput } from "@/lib/parse-input";
import { signIn } from "@/lib/auth/auth";
import { getSignedInUser } from "@/lib/auth/session";
import { setCurrentOrg } from "@/lib/auth/org-cookie";
import { log } from "@/lib/log";
import { AppError, toActionResult, type ActionResult } from "@/lib/errors";
import {
  acceptInvitation,
  createInvitation,
  revokeInvitation,
  signUpWithInvitation,
} from "./invitations";
import { changeMemberRole, removeMember } from "./manage-members";
import {
  acceptInviteSignUpSchema,
  changeRoleSchema,
  inviteSchema,
  removeMemberSchema,
} from "./schemas";
import { z } from "zod";

export type InviteResult = ActionResult<{ link: string; email: string; role: string }>;

export async function inviteMemberAction(_prev: unknown, form: FormData): Promise<InviteResult> {
  return sessionAction(async ({ ctx }) => {
    const input = parseInput(inviteSchema, form);
    const { link } = await createInvitation(ctx, input);
    revalidatePath("/settings/team");
    return { link, email: input.email, role: input.role };
  });
}

export async function revokeInvitationAction(invitationId: string): Promise<ActionResult<null>> {
  return sessionAction(async ({ ctx }) => {
    await revokeInvitation(ctx, parseInput(z.uuid(), invitationId));
    revalidatePath("/settings/team");
    return null;
  });
}

export async function changeMemberRoleAction(input: {
  userId: string;
  role: string;
}): Promise<ActionResult<null>> {
  return sessionAction(async ({ ctx }) => {
    const { userId, role } = parseInput(changeRoleSchema, input);
    await changeMemberRole(ctx, userId, role);
    revalidatePath("/settings/team");
    return null;
  });
}

/** Removing oneself (an owner leaving) ends on the dashboard of another org, or the no-org page. */
export async function removeMemberAction(input: {
  userId: string;
  belongings?: string;
}): Promise<ActionResult<null>> {
  const result = await sessionAction(async ({ ctx, user }) => {
    const { userId, belongings } = parseInput(removeMemberSchema, input);
    await removeMember(ctx, userId, { belongings });
    revalidatePath("/settings/team");
    revalidatePath("/settings/api-keys");
    return { left: userId === user.id };
  });
  // Outside sessionAction: it would report the redirect's control-flow throw as an error.
  if (result.ok && result.data.left) redirect("/dashboard");
  return result.ok ? { ok: true, data: null } : result;
}

/** A signed-in user joins the org of the invitation sent to their email. */
export async function acceptInvitationAction(token: string): Promise<ActionResult<never>> {
  return inRequestContext(async () => {
    try {
      const user = await getSignedInUser();
      if (!user) throw new AppError("UNAUTHORIZED", "Sign in to accept this invitation.");
      const invitation = await acceptInvitation(token, { id: user.id, email: user.email });
      await setCurrentOrg(invitation.orgId);
    } catch (error) {
      return toActionResult(error, log);
    }
    redirect("/dashboard");
  });
}

/** A newcomer creates their account through the invitation link, then is signed in. */
export async function signUpWithInvitationAction(
  token: string,
  _prev: unknown,
  form: FormData,
): Promise<ActionResult<never>> {
  return inRequestContext(async () => {
    try {
      const input = parseInput(acceptInviteSignUpSchema, form);
      const { invitation, user } = await signUpWithInvitation(token, input);
      await setCurrentOrg(invitation.orgId);
      await signIn("credentials", {
        email: user.email,
        password: input.password,
        redirectTo: "/dashboard",
      });
      throw new Error("signIn returned without redirecting");
    } catch (error) {
      unstable_rethrow(error);
      return toActionResult(error, log);
    }
  });
}
