import Link from "next/link";
import { EmailVerificationGate } from "@/components/account/email-verification-gate";
import { Logo } from "@/components/shell/logo";
import { requireSessionContext } from "@/lib/auth/session";

export default async function OnboardingLayout({ children }: { children: React.ReactNode }) {
  const { ctx, user } = await requireSessionContext();
  return (
    <div className="min-h-screen bg-gradient-to-b from-brand-50 to-zinc-50">
      <header className="flex h-16 items-center justify-between px-6">
        <div className="flex items-center gap-3">
          <Logo className="text-lg text-zinc-900" />
          <span className="text-sm text-zinc-500" data-testid="org-name">
            {ctx.org.name}
          </span>
        </div>
        <Link href="/dashboard" className="text-sm font-medium text-zinc-600 hover:text-zinc-900">
          Save and finish later
        </Link>
      </header>
      <EmailVerificationGate user={user} />
      <main id="main" className="mx-auto w-full max-w-5xl px-6 pb-16">
        {children}
      </main>
    </div>
  );
}
