import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignOutForm } from "@/components/account/sign-out-form";
import { getSessionContext, getSignedInUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "No organisation" };

// Where a signed-in user lands when they belong to no org (removed from their last one).
export default async function NoOrganisationPage() {
  const user = await getSignedInUser();
  if (!user) redirect("/sign-in");
  if (await getSessionContext()) redirect("/dashboard");
  return (
    <>
      <h1 className="text-xl font-semibold text-zinc-900">You are not part of any organisation</h1>
      <p className="mt-2 text-sm text-zinc-600">
        You are signed in as <strong className="font-medium text-zinc-900">{user.email}</strong>,
        but no organisation on Luneo includes this account any more. To get back in, ask an owner to
        invite you again and open the link they send.
      </p>
      <SignOutForm className="mt-6" buttonClassName="w-full" />
    </>
  );
}
