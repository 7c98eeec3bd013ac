import type { LeadStatus } from "@/db/schema/contacts";
import type { CHANNELS, LAST_CONTACTED, SORTS } from "@/lib/contacts/filters";

// Words for the contacts list's values. Type-only imports: client islands use these, and the
// modules they name pull in Drizzle and zod.

export const LEAD_STATUS_LABELS: Record<LeadStatus, string> = {
  new: "New",
  contacted: "Contacted",
  qualified: "Qualified",
  customer: "Customer",
  lost: "Lost",
};

export const LEAD_STATUS_TONES: Record<LeadStatus, "zinc" | "brand" | "green" | "amber" | "red"> = {
  new: "brand",
  contacted: "zinc",
  qualified: "amber",
  customer: "green",
  lost: "red",
};

export const CHANNEL_LABELS: Record<(typeof CHANNELS)[number], string> = {
  voice: "Voice",
  sms: "SMS",
  webchat: "Web chat",
};

export const LAST_CONTACTED_LABELS: Record<(typeof LAST_CONTACTED)[number], string> = {
  "7d": "In the last 7 days",
  "30d": "In the last 30 days",
  "90d": "In the last 90 days",
  "over-90d": "More than 90 days ago",
  never: "Never",
};

export const SORT_LABELS: Record<(typeof SORTS)[number], string> = {
  recent: "Last contacted",
  name: "Name (A–Z)",
  created: "Newest first",
};
