import type { Metadata } from "next";
import Link from "next/link";
import { SignInForm } from "@/components/tenancy/sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string }>;
}) {
  const { callbackUrl } = await searchParams;
  return (
    <>
      <h1 className="text-xl font-semibold text-zinc-900">Sign in to Luneo</h1>
      <p className="mt-1 mb-6 text-sm text-zinc-600">See what your AI agent did today.</p>
      <SignInForm callbackUrl={callbackUrl} />
      <p className="mt-6 text-center text-sm text-zinc-600">
        New to Luneo?{" "}
        <Link href="/sign-up" className="font-medium text-brand-700 hover:underline">
          Create an account
        </Link>
      </p>
    </>
  );
}
