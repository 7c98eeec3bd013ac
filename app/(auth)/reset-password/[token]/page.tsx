import type { Metadata } from "next";
import { ResetPasswordForm } from "@/components/account/reset-password-form";
import { isResetLinkUsable } from "@/lib/auth/password-reset";
import { TextLink } from "@/components/ui/text-link";

export const metadata: Metadata = { title: "Choose a new password", referrer: "no-referrer" };

export default async function ResetPasswordPage({
  params,
}: {
  params: Promise<{ token: string }>;
}) {
  const { token } = await params;
  if (!(await isResetLinkUsable(token))) {
    return (
      <>
        <h1 className="text-xl font-semibold text-zinc-900">This link cannot be used</h1>
        <p className="mt-2 text-sm text-zinc-600">
          It is invalid, expired (links last 60 minutes) or already used.
        </p>
        <p className="mt-6 text-center text-sm">
          <TextLink href="/forgot-password">Ask for a new link</TextLink>
        </p>
      </>
    );
  }
  return (
    <>
      <h1 className="text-xl font-semibold text-zinc-900">Choose a new password</h1>
      <p className="mt-1 mb-6 text-sm text-zinc-600">Then sign in with it.</p>
      <ResetPasswordForm token={token} />
    </>
  );
}
