import type { OrgRole } from "@/db/schema";
import type { TenantContext } from "@/lib/context";
import { ForbiddenError } from "@/lib/errors";

// Permissions are data: a role is a list of them. A new module adds its permissions here and
// gives them to the roles below (CONTRIBUTING.md, "Adding a module").
export const PERMISSIONS = [
  "org.read",
  "members.read",
  "members.invite",
  "members.manage",
  "api_keys.read",
  "api_keys.write",
  "audit.read",
  "settings.write",
  "channels.read",
  "channels.write",
  "webhooks.read",
  "webhooks.replay",
  "verticals.read",
  "verticals.write",
  "contacts.read",
  "contacts.notes",
  "contacts.write",
  "contacts.merge",
  "contacts.import",
  "contacts.export",
  "memory.read",
  "memory.write",
  "outbox.read",
  "outbox.resend",
  "learning.read",
  "learning.write",
  "health.read",
  "health.write",
  "tasks.read",
  "tasks.write",
  "actions.read",
  "actions.run",
  "actions.configure",
  "actions.approve",
  "roi.read",
  "roi.write",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

// Members read contacts, timelines and memory, and add notes; changing a profile, merging,
// importing, exporting (PII in bulk) and correcting memory are for admins and owners.
const MEMBER: readonly Permission[] = [
  "org.read",
  "members.read",
  "verticals.read",
  "contacts.read",
  "contacts.notes",
  "memory.read",
  "learning.read",
  // Everyone in the org sees whether the phone line works; admins post incident updates and settings.
  "health.read",
  // Follow-up tasks are the whole team's work (lib/agent-actions, the ticket action).
  "tasks.read",
  "tasks.write",
  // The overview's figures are for everyone in the org; their assumptions are the admins'.
  "roi.read",
];
const ADMIN: readonly Permission[] = [
  ...MEMBER,
  "members.invite",
  "api_keys.read",
  "api_keys.write",
  "audit.read",
  "settings.write",
  "channels.read",
  "channels.write",
  "webhooks.read",
  "webhooks.replay",
  "verticals.write",
  "contacts.write",
  "contacts.merge",
  "contacts.import",
  "contacts.export",
  "memory.write",
  // The org's outbox holds teammates' addresses and invitation emails: owners and admins.
  "outbox.read",
  "outbox.resend",
  // Approving a gap teaches the agent (it edits the agent configuration): admins and owners.
  "learning.write",
  "health.write",
  // The agent's actions: the journal, trying them, configuring them, approving what waits.
  "actions.read",
  "actions.run",
  "actions.configure",
  "actions.approve",
  "roi.write",
];
const OWNER: readonly Permission[] = [...ADMIN, "members.manage"];

export const ROLE_PERMISSIONS: Record<OrgRole, readonly Permission[]> = {
  owner: OWNER,
  admin: ADMIN,
  member: MEMBER,
};

/** Roles a given role may hand out in an invitation: nobody creates someone above themselves. */
export const INVITABLE_ROLES: Record<OrgRole, readonly OrgRole[]> = {
  owner: ["admin", "member"],
  admin: ["member"],
  member: [],
};

export function hasPermission(ctx: TenantContext, permission: Permission): boolean {
  return ctx.actor.permissions.includes(permission);
}

/** First line of every write verb. */
export function requirePermission(ctx: TenantContext, permission: Permission): void {
  if (!hasPermission(ctx, permission)) throw new ForbiddenError();
}
