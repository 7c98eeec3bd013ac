import type { Metadata } from "next";
import Link from "next/link";
import { ResetPasswordForm } from "@/components/account/reset-password-form";
import { isResetLinkUsable } from "@/lib/auth/password-reset";

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
          <Link href="/forgot-password" className="font-medium text-brand-700 hover:underline">
            Ask for a new link
          </Link>
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
