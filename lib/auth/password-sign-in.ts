import "server-only";
import { AuthError, CredentialsSignin } from "next-auth";
import { unstable_rethrow } from "next/navigation";
import { AppError } from "@/lib/errors";
import { signIn } from "./auth";

// Shared by the actions that end by signing someone in (sign-in, sign-up, an invitation's sign-up).
// Not in a "use server" file: every export of those is a public endpoint.

/** Auth.js's refusal of a sign-in, in words; any other error as it is. */
function explainSignInFailure(error: unknown): unknown {
  if (!(error instanceof AuthError)) return error;
  if (error instanceof CredentialsSignin && error.code === "rate_limited") {
    return new AppError(
      "RATE_LIMITED",
      "Too many failed sign-in attempts from this network. Try again in an hour.",
    );
  }
  if (error.type === "CredentialsSignin") {
    return new AppError("UNAUTHORIZED", "Wrong email or password.");
  }
  return error;
}

/** Signs in with a password and redirects; a refusal is thrown as an AppError that says why. */
export async function signInWithPassword(credentials: {
  email: string;
  password: string;
  redirectTo: string;
}): Promise<never> {
  try {
    await signIn("credentials", credentials);
  } catch (error) {
    unstable_rethrow(error);
    throw explainSignInFailure(error);
  }
  throw new Error("signIn returned without redirecting");
}
