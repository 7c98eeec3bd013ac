"use server";

import { AuthError, CredentialsSignin } from "next-auth";
import { headers } from "next/headers";
import { redirect, unstable_rethrow } from "next/navigation";
import { inRequestContext } from "@/lib/actions";
import { parseInput } from "@/lib/parse-input";
import { log } from "@/lib/log";
import { AppError, toActionResult, type ActionResult } from "@/lib/errors";
import { orgIdSchema, signInSchema, signUpSchema } from "@/lib/tenancy/schemas";
import { signUpOrNotify } from "@/lib/tenancy/sign-up";
import { signIn, signOut } from "./auth";
import { clientIp } from "./client-ip";
import { setCurrentOrg } from "./org-cookie";
import { signOutEverywhere } from "./revoke-sessions";
import { getSessionContext, getSignedInUser } from "./session";
import { consumeSignUpAttempt } from "./sign-up-limits";

/** Only same-site paths: an open redirect after sign-in would be a phishing aid. */
function safeCallbackUrl(value: FormDataEntryValue | null): string {
  const url = typeof value === "string" ? value : "";
  return url.startsWith("/") && !url.startsWith("//") && !url.startsWith("/\\")
    ? url
    : "/dashboard";
}

function signInFailure(error: unknown): ActionResult<never> | null {
  if (!(error instanceof AuthError)) return null;
  if (error instanceof CredentialsSignin && error.code === "rate_limited") {
    return {
      ok: false,
      code: "RATE_LIMITED",
      message: "Too many failed sign-in attempts from this network. Try again in an hour.",
    };
  }
  if (error.type === "CredentialsSignin") {
    return { ok: false, code: "UNAUTHORIZED", message: "Wrong email or password." };
  }
  return null;
}

/**
 * A failed form's result, with what was typed back (never a password), so the form shows it again.
 */
export type AuthFormResult = ActionResult<never> & { values?: Record<string, string> };

function typedValues(form: FormData, names: string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of names) {
    const value = form.get(name);
    if (typeof value === "string") values[name] = value.slice(0, 300);
  }
  return values;
}

export async function signInAction(_prev: unknown, form: FormData): Promise<AuthFormResult> {
  return inRequestContext(async () => ({
    ...(await signInWithCredentials(form)),
    values: typedValues(form, ["email"]),
  }));
}

async function signInWithCredentials(form: FormData): Promise<ActionResult<never>> {
  try {
    const input = parseInput(signInSchema, form);
    await signIn("credentials", {
      ...input,
      redirectTo: safeCallbackUrl(form.get("callbackUrl")),
    });
    throw new Error("signIn returned without redirecting");
  } catch (error) {
    unstable_rethrow(error);
    return signInFailure(error) ?? toActionResult(error, log);
  }
}

export async function signUpAction(_prev: unknown, form: FormData): Promise<AuthFormResult> {
  return inRequestContext(async () => ({
    ...(await signUpWithForm(form)),
    values: typedValues(form, ["name", "orgName", "email"]),
  }));
}

async function signUpWithForm(form: FormData): Promise<ActionResult<never>> {
  try {
    const input = parseInput(signUpSchema, form);
    const ip = clientIp(await headers());
    const limit = await consumeSignUpAttempt(ip);
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
    await signIn("credentials", {
      email: input.email,
      password: input.password,
      // A new owner goes through the setup wizard; it can be left at any step.
      redirectTo: "/onboarding",
    });
    throw new Error("signIn returned without redirecting");
  } catch (error) {
    unstable_rethrow(error);
    return signInFailure(error) ?? toActionResult(error, log);
  }
}

/** Ends the session everywhere (a token copied before signing out stops working too). */
export async function signOutAction() {
  return inRequestContext(async () => {
    const user = await getSignedInUser();
    if (user) await signOutEverywhere(user.id);
    await signOut({ redirectTo: "/sign-in" });
  });
}

/** The org switcher: the cookie only selects among the user's own memberships. */
export async function switchOrgAction(requestedOrgId: string): Promise<void> {
  return inRequestContext(async () => {
    const session = await getSessionContext();
    if (!session) redirect("/sign-in");
    const orgId = orgIdSchema.safeParse(requestedOrgId);
    if (orgId.success && session.orgs.some((o) => o.id === orgId.data)) {
      await setCurrentOrg(orgId.data);
    }
    redirect("/dashboard");
  });
}
