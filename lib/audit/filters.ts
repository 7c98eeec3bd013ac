import { z } from "zod";

// What the audit log page can narrow to: who (a member), what (an area of the product, or reads
// of personal data), when (days in the org's time zone). The activity feed is the audit log
// without its reads: a read of a contact's details is recorded for accountability (who saw whose
// data), but it is not something that happened to the business.

/** Actions that only read personal data: in the audit log, never in the activity feed. */
export const READ_ACTIONS = ["contact.viewed", "transcript.viewed", "contacts.listed"] as const;

/** Areas of the product, by action prefix. `reads` is READ_ACTIONS. */
export const AUDIT_AREAS = {
  contacts: { label: "Contacts and memory", prefixes: ["contact.", "contacts.", "memory."] },
  team: { label: "Organisation and team", prefixes: ["org.", "member."] },
  agent: { label: "Agent and setup", prefixes: ["verticals.", "onboarding.", "roi."] },
  integrations: {
    label: "Channels, keys and webhooks",
    prefixes: ["channels.", "api_key.", "webhook."],
  },
  reads: { label: "Reads of personal data", prefixes: [] },
} as const;
export type AuditArea = keyof typeof AUDIT_AREAS;

const day = z.iso.date({ error: "Use a date such as 2026-11-30." });

export const auditFilterSchema = z
  .object({
    /** A member's user id. */
    actor: z.uuid({ error: "Unknown member." }).optional(),
    area: z
      .enum(Object.keys(AUDIT_AREAS) as [AuditArea, ...AuditArea[]], { error: "Unknown area." })
      .optional(),
    /** First and last day, inclusive, in the org's time zone. */
    from: day.optional(),
    to: day.optional(),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, {
    message: "The first day comes before the last one.",
    path: ["to"],
  });
export type AuditFilter = z.infer<typeof auditFilterSchema>;

/** The filter in a page's search params; empty values are left out. */
export function auditFilterInput(params: Record<string, string | string[] | undefined>) {
  const out: Record<string, string> = {};
  for (const key of ["actor", "area", "from", "to"]) {
    const value = params[key];
    const one = Array.isArray(value) ? value[0] : value;
    if (one) out[key] = one;
  }
  return out;
}
