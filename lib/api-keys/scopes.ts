import { z } from "zod";
import type { Permission } from "@/lib/auth/permissions";

// What an API key may do on /api/v1. Scopes name the resources of the public contract
// (docs/architecture.md, "The public API"); a module adds its scopes with its routes.
export const API_SCOPES = {
  "org:read": "Read the organisation's profile",
  "verticals:read": "Read vertical templates and configuration",
  "verticals:write": "Select the vertical and change configuration",
  "contacts:read": "Read contacts and timelines",
  "contacts:write": "Create and update contacts",
  "memory:read": "Read contact memory",
  "memory:write": "Request conversation summaries",
  "channels:read": "Read the Twilio and VAPI connections (never their secrets)",
  "channels:write": "Connect Twilio and VAPI and replace their secrets",
  "learning:read": "Read knowledge gaps and their signals",
  "learning:write": "Approve or reject knowledge gaps (approving teaches the agent)",
  "health:read": "Read component health and incidents",
  "actions:read": "Read the actions catalog and its tool definitions",
  "actions:execute": "Run actions (and dry-run them); update_contact also needs contacts:write",
  "roi:read": "Read the ROI figures: calls, outcomes, cost and value",
} as const;
export type ApiScope = keyof typeof API_SCOPES;
export const API_SCOPE_NAMES = Object.keys(API_SCOPES) as [ApiScope, ...ApiScope[]];

export const createApiKeySchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Name the key after what uses it, e.g. “CRM sync”.")
    .max(80, "Use at most 80 characters."),
  scopes: z
    .array(z.enum(API_SCOPE_NAMES, { error: "Unknown scope." }))
    .min(1, "Choose at least one scope."),
});
export type CreateApiKeyInput = z.infer<typeof createApiKeySchema>;

/**
 * What each scope lets a key do, as the permissions the service verbs check: an API key goes
 * through the same `requirePermission` as a person.
 */
export const SCOPE_PERMISSIONS: Record<ApiScope, readonly Permission[]> = {
  "org:read": ["org.read"],
  "verticals:read": ["verticals.read"],
  "verticals:write": ["verticals.read", "verticals.write"],
  "contacts:read": ["contacts.read"],
  "contacts:write": ["contacts.read", "contacts.write"],
  "memory:read": ["memory.read"],
  "memory:write": ["memory.read", "memory.write"],
  "channels:read": ["channels.read"],
  "channels:write": ["channels.read", "channels.write"],
  "learning:read": ["learning.read"],
  // Approving writes the answer into the agent configuration, as the Learning page does.
  "learning:write": ["learning.read", "learning.write", "verticals.write"],
  "health:read": ["health.read"],
  "actions:read": ["actions.read"],
  "actions:execute": ["actions.read", "actions.run", "tasks.write"],
  "roi:read": ["roi.read"],
};

export function permissionsOfScopes(scopes: readonly string[]): Permission[] {
  return [
    ...new Set(
      scopes.flatMap((s) => (s in SCOPE_PERMISSIONS ? SCOPE_PERMISSIONS[s as ApiScope] : [])),
    ),
  ];
}

/** A `…:write` scope includes its `…:read`: a key allowed to change a resource may read it. */
export function grantsScope(scopes: readonly string[], required: ApiScope): boolean {
  return (
    scopes.includes(required) ||
    (required.endsWith(":read") && scopes.includes(required.replace(/:read$/, ":write")))
  );
}
