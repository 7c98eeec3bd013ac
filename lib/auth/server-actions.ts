"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { redirect, unstable_rethrow } from "next/navigation";
import {
  publicAction,
  sessionAction,
  typedValues,
  userAction,
  type FormResult,
} from "@/lib/actions";
import { AppError, type ActionResult } from "@/lib/errors";
import { trackAfterResponse } from "@/lib/analytics/track";
import { log } from "@/lib/log";
import { parseInput } from "@/lib/parse-input";
import {
  forgotPasswordSchema,
  orgIdSchema,
  resetPasswordSchema,
  signInSchema,
  signUpSchema,
} from "@/lib/tenancy/schemas";
import { signUpOrNotify } from "@/lib/tenancy/sign-up";
import { signIn, signOut } from "./auth";
import { clientIp } from "./client-ip";
import { resendVerificationEmail, verifyEmail } from "./email-verification";
import { setCurrentOrg } from "./org-cookie";
import { signInWithPassword } from "./password-sign-in";
import { requestPasswordReset, resetPassword } from "./password-reset";
import { changeName, changePassword } from "./profile";
import { changeNameSchema, changePasswordSchema } from "./profile-schemas";
import { signOutEverywhere } from "./revoke-sessions";
import { getSignedInUser } from "./session";
import { consumeSignUpAttempt } from "./sign-up-limits";

// The account's actions: signing in, up and out, switching org, the signed-out forms (forgot and
// reset password, email verification; each answers in words a person can act on and none says
// whether an address has an account), and the profile page's. Written as lib/actions.ts says.

/** A failed sign-in, sign-up or account form, with what was typed back (never a password). */
export type AuthFormResult = FormResult<never>;

/** Only same-site paths: an open redirect after sign-in would be a phishing aid. */
function safeCallbackUrl(value: FormDataEntryValue | null): string {
  const url = typeof value === "string" ? value : "";
  return url.startsWith("/") && !url.startsWith("//") && !url.startsWith("/\\")
    ? url
    : "/dashboard";
}

export async function signInAction(_prev: unknown, form: FormData): Promise<AuthFormResult> {
  return publicAction(
    async () => {
      const input = parseInput(signInSchema, form);
      return signInWithPassword({ ...input, redirectTo: safeCallbackUrl(form.get("callbackUrl")) });
    },
    { values: typedValues(form, ["email"]) },
  );
}

export async function signUpAction(_prev: unknown, form: FormData): Promise<AuthFormResult> {
  return publicAction(
    async () => {
      const input = parseInput(signUpSchema, form);
      const limit = await consumeSignUpAttempt(clientIp(await headers()));
      if (!limit.allowed)
        throw new AppError(
          "RATE_LIMITED",
          "Too many sign-ups from this network. Try again in an hour.",
        );
      const outcome = await signUpOrNotify(input);
      // The address has an account: nothing was created and its owner was emailed. The answer
      // is a redirect too, to "check your inbox" (docs/adr/0010).
      if (outcome.status === "exists") redirect("/sign-up/check-email");
      const { orgId } = outcome;
      await setCurrentOrg(orgId);
      log.info({ orgId }, "org signed up");
      trackAfterResponse(orgId, "org signed up", {}, { identify: true });
      // A new owner goes through the setup wizard; it can be left at any step.
      return signInWithPassword({
        email: input.email,
        password: input.password,
        redirectTo: "/onboarding",
      });
    },
    { values: typedValues(form, ["name", "orgName", "email"]) },
  );
}

/** Ends the session everywhere (a token copied before signing out stops working too). */
export async function signOutAction(): Promise<ActionResult<void>> {
  return publicAction(async () => {
    const user = await getSignedInUser();
    if (user) await signOutEverywhere(user.id);
    await signOut({ redirectTo: "/sign-in" });
  });
}

/** The org switcher: the cookie only selects among the user's own memberships. */
export async function switchOrgAction(requestedOrgId: string): Promise<ActionResult<never>> {
  return sessionAction(async (session) => {
    const orgId = orgIdSchema.safeParse(requestedOrgId);
    if (orgId.success && session.orgs.some((o) => o.id === orgId.data)) {
      await setCurrentOrg(orgId.data);
    }
    redirect("/dashboard");
  });
}

export async function forgotPasswordAction(
  _prev: unknown,
  form: FormData,
): Promise<AuthFormResult> {
  return publicAction(
    async () => {
      const { email } = parseInput(forgotPasswordSchema, form);
      await requestPasswordReset(email);
      redirect("/forgot-password/sent");
    },
    { values: typedValues(form, ["email"]) },
  );
}

export async function resetPasswordAction(
  token: string,
  _prev: unknown,
  form: FormData,
): Promise<ActionResult<never>> {
  return publicAction(async () => {
    const { password } = parseInput(resetPasswordSchema, form);
    await resetPassword(String(token), password);
    redirect("/sign-in?reset=done");
  });
}

export async function verifyEmailAction(token: string): Promise<ActionResult<never>> {
  return publicAction(async () => {
    if ((await verifyEmail(String(token))) === "invalid") {
      throw new AppError(
        "NOT_FOUND",
        "This link is invalid or has expired. Sign in and send a new one from the banner.",
      );
    }
    // Signed in: straight back to work; otherwise the sign-in page says it worked.
    redirect((await getSignedInUser()) ? "/dashboard?verified=1" : "/sign-in?verified=1");
  });
}

export async function resendVerificationAction(): Promise<ActionResult<{ sent: boolean }>> {
  return userAction(async (user) => ({
    sent: (await resendVerificationEmail(user.id)) === "sent",
  }));
}

const PROFILE_PATH = "/settings/profile";

export async function changeNameAction(
  _prev: unknown,
  form: FormData,
): Promise<ActionResult<{ name: string }>> {
  return sessionAction(async ({ ctx }) => {
    const input = parseInput(changeNameSchema, form);
    await changeName(ctx, input);
    // The layout's user menu shows the name too.
    revalidatePath("/", "layout");
    return { name: input.name };
  });
}

/**
 * Changing the password ends every session of the person, this browser's included; this browser
 * is then signed in again with the new password, so only the other devices are signed out.
 */
export async function changePasswordAction(
  _prev: unknown,
  form: FormData,
): Promise<ActionResult<never>> {
  return sessionAction(async ({ ctx, user }) => {
    const input = parseInput(changePasswordSchema, form);
    await changePassword(ctx, input);
    try {
      await signIn("credentials", {
        email: user.email,
        password: input.newPassword,
        redirectTo: `${PROFILE_PATH}?password=changed`,
      });
    } catch (error) {
      unstable_rethrow(error);
      // The password did change; only the new sign-in failed (rate limit): sign in by hand.
      log.warn({ err: error }, "re-sign-in after a password change failed");
    }
    redirect("/sign-in");
  });
}
