import type { Metadata } from "next";
import Link from "next/link";
import { Logo } from "@/components/shell/logo";
import { Badge } from "@/components/ui/card";
import { requireStaffOr404 } from "@/lib/staff/session";

export const metadata: Metadata = {
  title: { template: "%s · Luneo staff", default: "Luneo staff" },
};

// The area for people who work on Luneo itself (docs/adr/0011). Anyone who is not staff — signed
// out, a member of any org, a revoked session — gets the ordinary 404 page with a 404 status:
// this layout has no loading.tsx above or beside it, so notFound() here runs before anything
// streams (compare app/(dashboard)/layout.tsx and lib/http/missing-document.ts).
export default async function StaffLayout({ children }: { children: React.ReactNode }) {
  const staff = await requireStaffOr404();
  return (
    <div className="min-h-screen bg-zinc-50">
      <header className="flex h-16 items-center justify-between border-b border-zinc-200 bg-white px-6">
        <div className="flex items-center gap-3">
          <Logo className="text-lg text-zinc-900" />
          <Badge tone="brand">Staff</Badge>
        </div>
        <div className="flex items-center gap-4 text-sm">
          <nav aria-label="Staff" className="flex gap-3">
            <Link href="/staff" className="font-medium text-zinc-600 hover:text-zinc-900">
              Orgs
            </Link>
            <Link href="/staff/flags" className="font-medium text-zinc-600 hover:text-zinc-900">
              Flags
            </Link>
            <Link href="/staff/health" className="font-medium text-zinc-600 hover:text-zinc-900">
              Health
            </Link>
          </nav>
          <span className="hidden text-zinc-500 sm:inline" data-testid="staff-email">
            {staff.email}
          </span>
          <Link href="/dashboard" className="font-medium text-zinc-600 hover:text-zinc-900">
            Back to my org
          </Link>
        </div>
      </header>
      <main id="main" className="mx-auto w-full max-w-5xl px-6 py-8">
        {children}
      </main>
    </div>
  );
}
