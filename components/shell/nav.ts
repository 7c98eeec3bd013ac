import { hasPermission, type Permission } from "@/lib/auth/permissions";
import type { TenantContext } from "@/lib/context";
import { FLAGS, type FlagKey } from "@/lib/flags/registry";

export type NavItem = {
  href: string;
  label: string;
  permission: Permission;
  /** Shown only while this flag is on for the org (lib/flags/registry.ts). */
  flag?: FlagKey;
};

// The sidebar shows the sections that exist, filtered by what the viewer may open.
export const NAV_ITEMS: NavItem[] = [
  { href: "/dashboard", label: "Overview", permission: "org.read" },
  { href: "/contacts", label: "Contacts", permission: "contacts.read" },
  { href: "/learning", label: "Learning", permission: "learning.read", flag: FLAGS.learning.key },
  { href: "/health", label: "Health", permission: "health.read", flag: FLAGS.statusPage.key },
  { href: "/tasks", label: "Tasks", permission: "tasks.read", flag: FLAGS.actions.key },
  { href: "/settings/agent", label: "Agent", permission: "verticals.read" },
  {
    href: "/settings/actions",
    label: "Actions",
    permission: "actions.read",
    flag: FLAGS.actions.key,
  },
  { href: "/settings/roi", label: "ROI assumptions", permission: "roi.write" },
  { href: "/settings/team", label: "Team", permission: "members.read" },
  { href: "/settings/channels", label: "Channels", permission: "channels.read" },
  { href: "/settings/webhooks", label: "Webhook log", permission: "webhooks.read" },
  { href: "/settings/api-keys", label: "API keys", permission: "api_keys.read" },
  { href: "/settings/outbox", label: "Outbox", permission: "outbox.read" },
  { href: "/settings/audit-log", label: "Audit log", permission: "audit.read" },
  { href: "/settings/privacy", label: "Privacy", permission: "org.read" },
];

/** The items the viewer sees: those they may open, minus those whose flag is off for the org. */
export function visibleNavItems(
  items: readonly NavItem[],
  ctx: TenantContext,
  flags: Partial<Record<FlagKey, { enabled: boolean }>>,
): NavItem[] {
  return items.filter(
    (item) => hasPermission(ctx, item.permission) && (!item.flag || flags[item.flag]?.enabled),
  );
}
