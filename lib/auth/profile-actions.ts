"use server";

import { revalidatePath } from "next/cache";
import { redirect, unstable_rethrow } from "next/navigation";
import { sessionAction } from "@/lib/actions";
import type { ActionResult } from "@/lib/errors";
import { log } from "@/lib/log";
import { parseInput } from "@/lib/parse-input";
import { signIn } from "./auth";
import { changeName, changePassword } from "./profile";
import { changeNameSchema, changePasswordSchema } from "./profile-schemas";

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
  const result = await sessionAction(async ({ ctx, user }) => {
    const input = parseInput(changePasswordSchema, form);
    await changePassword(ctx, input);
    return { email: user.email, password: input.newPassword };
  });
  if (!result.ok) return result;
  try {
    await signIn("credentials", {
      email: result.data.email,
      password: result.data.password,
      redirectTo: `${PROFILE_PATH}?password=changed`,
    });
  } catch (error) {
    unstable_rethrow(error);
    // The password did change; only the new sign-in failed (rate limit): sign in by hand.
    log.warn({ err: error }, "re-sign-in after a password change failed");
  }
  redirect("/sign-in");
}
