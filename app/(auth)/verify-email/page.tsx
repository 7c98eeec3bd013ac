import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ResendVerificationButton } from "@/components/account/resend-verification-button";
import { Button } from "@/components/ui/button";
import { getVerificationState } from "@/lib/auth/email-verification";
import { signOutAction } from "@/lib/auth/server-actions";
import { getSignedInUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Confirm your email" };

// Where an account lands once its grace period is over and its address is still unconfirmed.
export default async function VerifyEmailPage() {
  const user = await getSignedInUser();
  if (!user) redirect("/sign-in");
  const state = await getVerificationState(user.id);
  if (!state || state.verified) redirect("/dashboard");
  return (
    <>
      <h1 className="text-xl font-semibold text-zinc-900">Confirm your email to continue</h1>
      <p className="mt-2 mb-6 text-sm text-zinc-600">
        We sent a link to <strong>{user.email}</strong> when you signed up. Open it to go on using
        Luneo; your data is all here. No email? Check your spam folder, or send a new link.
      </p>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <ResendVerificationButton />
        <form action={signOutAction}>
          <Button type="submit" variant="ghost">
            Sign out
          </Button>
        </form>
      </div>
    </>
  );
}
