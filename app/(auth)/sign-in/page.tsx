import type { Metadata } from "next";
import { SignInForm } from "@/components/tenancy/sign-in-form";
import { TextLink } from "@/components/ui/text-link";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string; reset?: string; verified?: string }>;
}) {
  const { callbackUrl, reset, verified } = await searchParams;
  const notice =
    reset === "done"
      ? "Your password has been changed. Sign in with the new one."
      : verified === "1"
        ? "Your email address is confirmed. Sign in to go on."
        : null;
  return (
    <>
      <h1 className="text-xl font-semibold text-zinc-900">Sign in to Luneo</h1>
      <p className="mt-1 mb-6 text-sm text-zinc-600">See what your AI agent did today.</p>
      {notice ? (
        <p
          className="mb-4 rounded-md bg-green-50 px-3 py-2 text-sm text-green-900"
          data-testid="sign-in-notice"
        >
          {notice}
        </p>
      ) : null}
      <SignInForm callbackUrl={callbackUrl} />
      <p className="mt-3 text-right text-sm">
        <TextLink href="/forgot-password">Forgot your password?</TextLink>
      </p>
      <p className="mt-6 text-center text-sm text-zinc-600">
        New to Luneo? <TextLink href="/sign-up">Create an account</TextLink>
      </p>
    </>
  );
}
