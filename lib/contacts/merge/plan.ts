import type { Consent, Contact } from "@/db/schema/contacts";
import { jsonEqual } from "@/lib/json";

// What merging two contacts' profiles gives, without the database: shared by the preview, the
// merge itself and its undo. The survivor's values win; the other contact only fills what the
// survivor lacks, and every value it loses is listed as a conflict.

export const MERGED_PROFILE_FIELDS = [
  "phoneE164",
  "email",
  "name",
  "language",
  "tags",
  "leadStatus",
  "leadFields",
  "preferences",
  "consent",
  "channels",
  "lastInteractionAt",
] as const;
export type MergedProfileField = (typeof MERGED_PROFILE_FIELDS)[number];
export type MergeableProfile = Pick<Contact, MergedProfileField>;

export type FieldConflict = {
  /** `name`, `language`, `leadStatus`, `leadFields.budget`, `preferences.channel`, `consent.sms`. */
  field: string;
  kept: string;
  dropped: string;
};

const union = (a: string[], b: string[]) => [...new Set([...a, ...b])];

function fill<T>(kept: T | null, other: T | null): T | null {
  return kept ?? other;
}

/** Keys of `other` missing from `kept` are added; keys in both keep `kept`'s value (a conflict if it differs). */
function mergeRecords<V>(
  prefix: string,
  kept: Record<string, V>,
  other: Record<string, V>,
  show: (v: V) => string,
  conflicts: FieldConflict[],
): Record<string, V> {
  const out: Record<string, V> = { ...kept };
  for (const [key, value] of Object.entries(other)) {
    if (!(key in kept)) out[key] = value;
    else if (!jsonEqual(kept[key], value)) {
      conflicts.push({ field: `${prefix}.${key}`, kept: show(kept[key]!), dropped: show(value) });
    }
  }
  return out;
}

/**
 * The survivor's profile after the merge, and the other contact's values it does not take. A
 * lead status of "new" is the default, so it counts as empty; the latest interaction wins.
 */
export function mergeProfiles(
  survivor: MergeableProfile,
  other: MergeableProfile,
): { result: MergeableProfile; conflicts: FieldConflict[] } {
  const conflicts: FieldConflict[] = [];
  for (const field of ["name", "language"] as const) {
    const kept = survivor[field];
    const dropped = other[field];
    if (kept !== null && dropped !== null && kept !== dropped) {
      conflicts.push({ field, kept, dropped });
    }
  }
  if (
    survivor.leadStatus !== "new" &&
    other.leadStatus !== "new" &&
    survivor.leadStatus !== other.leadStatus
  ) {
    conflicts.push({ field: "leadStatus", kept: survivor.leadStatus, dropped: other.leadStatus });
  }
  const leadFields = mergeRecords(
    "leadFields",
    survivor.leadFields,
    other.leadFields,
    String,
    conflicts,
  );
  const preferences = mergeRecords(
    "preferences",
    survivor.preferences,
    other.preferences,
    String,
    conflicts,
  );
  const consent = mergeRecords(
    "consent",
    survivor.consent as Record<string, NonNullable<Consent["calls"]>>,
    other.consent as Record<string, NonNullable<Consent["calls"]>>,
    (c) => (c.granted ? "granted" : "refused"),
    conflicts,
  ) as Consent;
  const a = survivor.lastInteractionAt;
  const b = other.lastInteractionAt;
  return {
    result: {
      phoneE164: fill(survivor.phoneE164, other.phoneE164),
      email: fill(survivor.email, other.email),
      name: fill(survivor.name, other.name),
      language: fill(survivor.language, other.language),
      tags: union(survivor.tags, other.tags),
      leadStatus: survivor.leadStatus === "new" ? other.leadStatus : survivor.leadStatus,
      leadFields,
      preferences,
      consent,
      channels: union(survivor.channels, other.channels),
      lastInteractionAt: a && b ? (a >= b ? a : b) : (a ?? b),
    },
    conflicts,
  };
}

/** A profile field as stored in `contact_merges.moved` (dates as ISO strings), and back. */
export type StoredProfile = Partial<Record<MergedProfileField, unknown>>;

export function storeFields(profile: MergeableProfile, fields: MergedProfileField[]) {
  const out: StoredProfile = {};
  for (const field of fields) {
    const value = profile[field];
    out[field] = value instanceof Date ? value.toISOString() : value;
  }
  return out;
}

export function loadFields(stored: StoredProfile): Partial<MergeableProfile> {
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(stored)) {
    out[field] =
      field === "lastInteractionAt" && typeof value === "string" ? new Date(value) : value;
  }
  return out as Partial<MergeableProfile>;
}

/** The fields whose value differs between two profiles. */
export function changedFields(
  before: MergeableProfile,
  after: MergeableProfile,
): MergedProfileField[] {
  return MERGED_PROFILE_FIELDS.filter((f) => !jsonEqual(before[f], after[f]));
}

/** How a contact is named on screen: its name, else its phone, else its email. */
export function contactLabel(c: {
  name: string | null;
  phones?: string[];
  emails?: string[];
  phoneE164?: string | null;
  email?: string | null;
}): string {
  return c.name ?? c.phones?.[0] ?? c.phoneE164 ?? c.emails?.[0] ?? c.email ?? "Unnamed contact";
}
