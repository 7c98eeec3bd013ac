import type { Metadata } from "next";
import { ForgotPasswordForm } from "@/components/account/forgot-password-form";
import { TextLink } from "@/components/ui/text-link";

export const metadata: Metadata = { title: "Forgot your password" };

export default function ForgotPasswordPage() {
  return (
    <>
      <h1 className="text-xl font-semibold text-zinc-900">Forgot your password?</h1>
      <p className="mt-1 mb-6 text-sm text-zinc-600">
        Enter the email you sign in with. If it has a Luneo account, we will email you a link to
        choose a new password.
      </p>
      <ForgotPasswordForm />
      <p className="mt-6 text-center text-sm text-zinc-600">
        <TextLink href="/sign-in">Back to sign in</TextLink>
      </p>
    </>
  );
}
