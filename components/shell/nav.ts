import type { Permission } from "@/lib/auth/permissions";

export type NavItem = { href: string; label: string; permission: Permission };

// The sidebar shows the sections that exist, filtered by what the viewer may open.
export const NAV_ITEMS: NavItem[] = [
  { href: "/dashboard", label: "Overview", permission: "org.read" },
  { href: "/contacts", label: "Contacts", permission: "contacts.read" },
  { href: "/settings/agent", label: "Agent", permission: "verticals.read" },
  { href: "/settings/roi", label: "ROI assumptions", permission: "roi.write" },
  { href: "/settings/team", label: "Team", permission: "members.read" },
  { href: "/settings/channels", label: "Channels", permission: "channels.read" },
  { href: "/settings/webhooks", label: "Webhook log", permission: "webhooks.read" },
  { href: "/settings/api-keys", label: "API keys", permission: "api_keys.read" },
  { href: "/settings/outbox", label: "Outbox", permission: "outbox.read" },
  { href: "/settings/audit-log", label: "Audit log", permission: "audit.read" },
];
