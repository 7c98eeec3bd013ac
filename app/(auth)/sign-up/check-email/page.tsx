import type { Metadata } from "next";
import { TextLink } from "@/components/ui/text-link";

export const metadata: Metadata = { title: "Check your inbox" };

// Where sign-up sends an address that already has an account: nothing was created, and its owner
// got an email saying so. Worded for either reader (docs/adr/0010).
export default function SignUpCheckEmailPage() {
  return (
    <>
      <h1 className="text-xl font-semibold text-zinc-900">Check your inbox</h1>
      <p className="mt-2 text-sm text-zinc-600" data-testid="sign-up-check-email">
        We sent a message to the address you entered, with what to do next. Nothing arrived after a
        few minutes? Check your spam folder.
      </p>
      <p className="mt-6 text-center text-sm text-zinc-600">
        Already have an account? <TextLink href="/sign-in">Sign in</TextLink> or{" "}
        <TextLink href="/forgot-password">reset your password</TextLink>.
      </p>
    </>
  );
}
