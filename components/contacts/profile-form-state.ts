import type { Consent, LeadStatus } from "@/db/schema/contacts";
import type { FieldErrors } from "@/lib/errors";
import type { ProfileInput } from "@/lib/contacts/profile/schemas";
import { joinTags, splitTags } from "@/lib/contacts/tags";
import { CONSENT_CHANNELS, type LeadFieldDef } from "./profile-card";
import { newRowId, type ListRow, type PreferenceRow } from "./profile-fields";

// The profile form's state: built from the stored profile, turned back into the server's input.

/** The stored profile the form starts from. */
export type ProfileValues = {
  name: string | null;
  phones: string[];
  emails: string[];
  language: string | null;
  tags: string[];
  leadStatus: LeadStatus;
  leadFields: Record<string, string | number>;
  preferences: Record<string, string>;
  consent: Consent;
};

type Channel = (typeof CONSENT_CHANNELS)[number]["key"];
export type ProfileFormState = {
  name: string;
  phones: ListRow[];
  emails: ListRow[];
  language: string;
  tags: string;
  leadStatus: LeadStatus;
  leadFields: Record<string, string>;
  preferences: PreferenceRow[];
  consent: Record<Channel, boolean>;
};
/** Sets one field of the form's state. */
export type SetField = <K extends keyof ProfileFormState>(
  key: K,
  value: ProfileFormState[K],
) => void;
/** What was sent, so index-named server errors (`phones.1`) land on the row that held the value. */
export type Sent = { phoneIds: string[]; emailIds: string[] };

export function toState(values: ProfileValues): ProfileFormState {
  return {
    name: values.name ?? "",
    phones: values.phones.map((value) => ({ id: newRowId(), value })),
    emails: values.emails.map((value) => ({ id: newRowId(), value })),
    language: values.language ?? "",
    tags: joinTags(values.tags),
    leadStatus: values.leadStatus,
    leadFields: Object.fromEntries(
      Object.entries(values.leadFields).map(([k, v]) => [k, String(v)]),
    ),
    preferences: Object.entries(values.preferences).map(([key, value]) => ({
      id: newRowId(),
      key,
      value,
    })),
    consent: {
      calls: values.consent.calls?.granted ?? false,
      sms: values.consent.sms?.granted ?? false,
      email: values.consent.email?.granted ?? false,
    },
  };
}

/** The form's state as the server's profile input, or the errors found before sending. */
export function toInput(
  state: ProfileFormState,
  defs: LeadFieldDef[],
  initial: ProfileValues,
): { input: ProfileInput; sent: Sent } | { errors: FieldErrors } {
  const errors: FieldErrors = {};
  const phones = state.phones.filter((r) => r.value.trim() !== "");
  const emails = state.emails.filter((r) => r.value.trim() !== "");
  const types = new Map(defs.map((d) => [d.key, d.type]));
  const leadFields: Record<string, string | number> = {};
  for (const [key, raw] of Object.entries(state.leadFields)) {
    const value = raw.trim();
    if (value === "") continue; // an emptied answer is removed
    const numeric =
      types.get(key) === "number" ||
      (!types.has(key) && typeof initial.leadFields[key] === "number");
    if (numeric && !Number.isFinite(Number(value)))
      errors[`leadFields.${key}`] = ["Enter a number."];
    leadFields[key] = numeric && Number.isFinite(Number(value)) ? Number(value) : value;
  }
  const preferences: Record<string, string> = {};
  for (const row of state.preferences) {
    const key = row.key.trim();
    if (key === "" && row.value.trim() === "") continue;
    if (key === "") errors[`preferences.@${row.id}`] = ["Name this preference."];
    else if (key in preferences) errors[`preferences.@${row.id}`] = ["This name is used twice."];
    else preferences[key] = row.value.trim();
  }
  if (Object.keys(errors).length > 0) return { errors };
  return {
    input: {
      name: state.name.trim() || null,
      phones: phones.map((r) => r.value.trim()),
      emails: emails.map((r) => r.value.trim()),
      language: state.language.trim() || null,
      tags: splitTags(state.tags),
      leadStatus: state.leadStatus,
      leadFields,
      preferences,
      // Only boxes the person changed: the service stamps each sent channel with today's date, and
      // a channel never recorded must not become "withdrawn" because another field was saved.
      consent: Object.fromEntries(
        CONSENT_CHANNELS.filter(
          ({ key }) => state.consent[key] !== (initial.consent[key]?.granted ?? false),
        ).map(({ key }) => [key, state.consent[key]]),
      ),
    },
    sent: { phoneIds: phones.map((r) => r.id), emailIds: emails.map((r) => r.id) },
  };
}

/** Errors of `field` and of everything under it (`tags` gathers `tags.3`). */
export const under = (errors: FieldErrors | undefined, field: string) =>
  Object.entries(errors ?? {})
    .filter(([key]) => key === field || key.startsWith(`${field}.`))
    .flatMap(([, messages]) => messages);

/** The server's errors for one row of `list`, found by where the row stood in what was sent. */
export const rowErrors =
  (errors: FieldErrors | undefined, sent: Sent | null, list: "phones" | "emails") =>
  (rowId: string) => {
    const index = (list === "phones" ? sent?.phoneIds : sent?.emailIds)?.indexOf(rowId) ?? -1;
    return index < 0 ? undefined : errors?.[`${list}.${index}`];
  };
