import type { Metadata } from "next";
import { VerifyEmailButton } from "@/components/account/verify-email-button";

export const metadata: Metadata = { title: "Confirm your email", referrer: "no-referrer" };

export default async function VerifyEmailTokenPage({
  params,
}: {
  params: Promise<{ token: string }>;
}) {
  const { token } = await params;
  return (
    <>
      <h1 className="text-xl font-semibold text-zinc-900">Confirm your email address</h1>
      <p className="mt-1 mb-6 text-sm text-zinc-600">
        One click tells Luneo this address is yours.
      </p>
      <VerifyEmailButton token={token} />
    </>
  );
}
