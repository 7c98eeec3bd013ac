"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { publicAction, sessionAction, userAction } from "@/lib/actions";
import { setCurrentOrg } from "@/lib/auth/org-cookie";
import { signInWithPassword } from "@/lib/auth/password-sign-in";
import type { ActionResult } from "@/lib/errors";
import { parseInput } from "@/lib/parse-input";
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

export async function changeMemberRoleAction(input: unknown): Promise<ActionResult<null>> {
  return sessionAction(async ({ ctx }) => {
    const { userId, role } = parseInput(changeRoleSchema, input);
    await changeMemberRole(ctx, userId, role);
    revalidatePath("/settings/team");
    return null;
  });
}

/** Removing oneself (an owner leaving) ends on the dashboard of another org, or the no-org page. */
export async function removeMemberAction(input: unknown): Promise<ActionResult<null>> {
  return sessionAction(async ({ ctx, user }) => {
    const { userId, belongings } = parseInput(removeMemberSchema, input);
    await removeMember(ctx, userId, { belongings });
    revalidatePath("/settings/team");
    revalidatePath("/settings/api-keys");
    if (userId === user.id) redirect("/dashboard");
    return null;
  });
}

/** A signed-in user joins the org of the invitation sent to their email. */
export async function acceptInvitationAction(token: string): Promise<ActionResult<never>> {
  return userAction(
    async (user) => {
      const invitation = await acceptInvitation(token, { id: user.id, email: user.email });
      await setCurrentOrg(invitation.orgId);
      redirect("/dashboard");
    },
    { signedOut: "Sign in to accept this invitation." },
  );
}

/** A newcomer creates their account through the invitation link, then is signed in. */
export async function signUpWithInvitationAction(
  token: string,
  _prev: unknown,
  form: FormData,
): Promise<ActionResult<never>> {
  return publicAction(async () => {
    const input = parseInput(acceptInviteSignUpSchema, form);
    const { invitation, user } = await signUpWithInvitation(token, input);
    await setCurrentOrg(invitation.orgId);
    return signInWithPassword({
      email: user.email,
      password: input.password,
      redirectTo: "/dashboard",
    });
  });
}
