import type { Metadata } from "next";
import { SignUpForm } from "@/components/tenancy/sign-up-form";
import { TextLink } from "@/components/ui/text-link";

export const metadata: Metadata = { title: "Create your account" };

export default function SignUpPage() {
  return (
    <>
      <h1 className="text-xl font-semibold text-zinc-900">Create your Luneo workspace</h1>
      <p className="mt-1 mb-6 text-sm text-zinc-600">
        You will be the owner of your business’s workspace.
      </p>
      <SignUpForm />
      <p className="mt-6 text-center text-sm text-zinc-600">
        Already have an account? <TextLink href="/sign-in">Sign in</TextLink>
      </p>
    </>
  );
}
