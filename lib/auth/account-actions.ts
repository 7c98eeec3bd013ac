"use server";

import { redirect, unstable_rethrow } from "next/navigation";
import { inRequestContext } from "@/lib/actions";
import { AppError, toActionResult, type ActionResult } from "@/lib/errors";
import { log } from "@/lib/log";
import { parseInput } from "@/lib/parse-input";
import { forgotPasswordSchema, resetPasswordSchema } from "@/lib/tenancy/schemas";
import { resendVerificationEmail, verifyEmail } from "./email-verification";
import { requestPasswordReset, resetPassword } from "./password-reset";
import { getSignedInUser } from "./session";
import type { AuthFormResult } from "./server-actions";

// The account's own forms: forgot/reset password and email verification. Each answers in words
// a person can act on; none says whether an address has an account.

export async function forgotPasswordAction(
  _prev: unknown,
  form: FormData,
): Promise<AuthFormResult> {
  return inRequestContext(async () => {
    const values = { email: String(form.get("email") ?? "").slice(0, 300) };
    try {
      const { email } = parseInput(forgotPasswordSchema, form);
      await requestPasswordReset(email);
    } catch (error) {
      return { ...toActionResult(error, log), values };
    }
    redirect("/forgot-password/sent");
  });
}

export async function resetPasswordAction(
  token: string,
  _prev: unknown,
  form: FormData,
): Promise<ActionResult<never>> {
  return inRequestContext(async () => {
    try {
      const { password } = parseInput(resetPasswordSchema, form);
      await resetPassword(String(token), password);
    } catch (error) {
      return toActionResult(error, log);
    }
    redirect("/sign-in?reset=done");
  });
}

export async function verifyEmailAction(token: string): Promise<ActionResult<never>> {
  return inRequestContext(async () => {
    let outcome: "verified" | "invalid";
    try {
      outcome = await verifyEmail(String(token));
    } catch (error) {
      return toActionResult(error, log);
    }
    if (outcome === "invalid") {
      return {
        ok: false,
        code: "NOT_FOUND",
        message: "This link is invalid or has expired. Sign in and send a new one from the banner.",
      };
    }
    // Signed in: straight back to work; otherwise the sign-in page says it worked.
    redirect((await getSignedInUser()) ? "/dashboard?verified=1" : "/sign-in?verified=1");
  });
}

export async function resendVerificationAction(): Promise<ActionResult<{ sent: boolean }>> {
  return inRequestContext(async () => {
    try {
      const userId = (await getSignedInUser())?.id;
      if (!userId) throw new AppError("UNAUTHORIZED", "Your session has ended. Sign in again.");
      const outcome = await resendVerificationEmail(userId);
      return { ok: true as const, data: { sent: outcome === "sent" } };
    } catch (error) {
      unstable_rethrow(error);
      return toActionResult(error, log);
    }
  });
}
