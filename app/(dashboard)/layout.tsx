import { EmailVerificationGate } from "@/components/account/email-verification-gate";
import { IncidentBanner } from "@/components/health/incident-banner";
import { Logo } from "@/components/shell/logo";
import { NAV_ITEMS, visibleNavItems } from "@/components/shell/nav";
import { SidebarLink } from "@/components/shell/sidebar-link";
import { UserMenu } from "@/components/shell/user-menu";
import { Badge } from "@/components/ui/card";
import { requireSessionContext } from "@/lib/auth/session";
import { isHiddenPath, orgFlags } from "@/lib/flags/pages";
import { isMissingDocument } from "@/lib/http/missing-document";
import { headers } from "next/headers";
import { notFound } from "next/navigation";

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const { ctx, orgs, user } = await requireSessionContext();
  // A real 404 status for a record that does not exist (lib/http/missing-document.ts says why).
  const pathname = (await headers()).get("x-pathname");
  if (await isMissingDocument(ctx, pathname)) notFound();
  // A page of a module whose flag is off for the org does not exist for it (lib/flags/pages.ts).
  if (await isHiddenPath(ctx.org.id, pathname)) notFound();
  const nav = visibleNavItems(NAV_ITEMS, ctx, await orgFlags(ctx.org.id));
  const role = ctx.actor.type === "user" ? ctx.actor.role : "member";
  return (
    <div className="flex min-h-screen">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:rounded focus:bg-white focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <aside className="hidden w-60 shrink-0 border-r border-zinc-200 bg-white px-3 py-5 md:block">
        <Logo className="px-3 text-lg text-zinc-900" />
        <nav aria-label="Main" className="mt-8 space-y-1">
          {nav.map((item) => (
            <SidebarLink key={item.href} href={item.href} label={item.label} />
          ))}
        </nav>
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex h-16 items-center justify-between border-b border-zinc-200 bg-white px-6">
          <div className="flex items-center gap-3">
            <span className="text-sm font-semibold text-zinc-900" data-testid="org-name">
              {ctx.org.name}
            </span>
            <Badge tone="brand">
              <span data-testid="org-role">{role}</span>
            </Badge>
          </div>
          <UserMenu
            user={user}
            currentOrgId={ctx.org.id}
            orgs={orgs.map((o) => ({ id: o.id, name: o.name, role: o.role }))}
          />
        </header>
        <IncidentBanner ctx={ctx} />
        <EmailVerificationGate user={user} />
        <nav
          aria-label="Main (mobile)"
          className="flex gap-1 overflow-x-auto border-b border-zinc-200 bg-white px-3 py-2 md:hidden"
        >
          {nav.map((item) => (
            <SidebarLink key={item.href} href={item.href} label={item.label} />
          ))}
        </nav>
        <main id="main" className="mx-auto w-full max-w-5xl flex-1 px-6 py-8">
          {children}
        </main>
      </div>
    </div>
  );
}
