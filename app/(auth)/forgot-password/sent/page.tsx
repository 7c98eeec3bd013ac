import type { Metadata } from "next";
import { TextLink } from "@/components/ui/text-link";

export const metadata: Metadata = { title: "Check your inbox" };

// The same page whether or not the address has an account: it must not tell.
export default function ResetLinkSentPage() {
  return (
    <>
      <h1 className="text-xl font-semibold text-zinc-900">Check your inbox</h1>
      <p className="mt-2 text-sm text-zinc-600" data-testid="reset-sent">
        If that address has a Luneo account, a link to choose a new password is on its way. It works
        once, for 60 minutes. Nothing arrived after a few minutes? Check your spam folder, or ask
        again.
      </p>
      <p className="mt-6 text-center text-sm text-zinc-600">
        <TextLink href="/sign-in">Back to sign in</TextLink>
      </p>
    </>
  );
}
