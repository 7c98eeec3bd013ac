"use client";

import { useState, useTransition, type FormEvent, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import type { Consent, LeadStatus } from "@/db/schema/contacts";
import type { ActionResult, FieldErrors } from "@/lib/errors";
import { updateProfileAction } from "@/lib/contacts/profile-actions";
import type { ProfileInput } from "@/lib/contacts/schemas";
import { LEAD_STATUS_LABELS } from "./labels";
import { CONSENT_CHANNELS, describeConsent, type LeadFieldDef } from "./profile-card";
import {
  LeadFieldInput,
  newRowId,
  PreferenceRows,
  ValueList,
  type ListRow,
  type PreferenceRow,
} from "./profile-fields";

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
type State = {
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
/** What was sent, so index-named server errors (`phones.1`) land on the row that held the value. */
type Sent = { phoneIds: string[]; emailIds: string[] };
type Result = ActionResult<{ changed: string[] }>;

function toState(values: ProfileValues): State {
  return {
    name: values.name ?? "",
    phones: values.phones.map((value) => ({ id: newRowId(), value })),
    emails: values.emails.map((value) => ({ id: newRowId(), value })),
    language: values.language ?? "",
    tags: values.tags.join(", "),
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
function toInput(
  state: State,
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
      tags: state.tags
        .split(",")
        .map((t) => t.trim())
        .filter(Boolean),
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
const under = (errors: FieldErrors | undefined, field: string) =>
  Object.entries(errors ?? {})
    .filter(([key]) => key === field || key.startsWith(`${field}.`))
    .flatMap(([, messages]) => messages);

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset className="space-y-3">
      <legend className="mb-1 text-xs font-semibold tracking-wide text-zinc-500 uppercase">
        {title}
      </legend>
      {children}
    </fieldset>
  );
}

/** Edits every field of a contact's profile (for `contacts.write`). */
export function ProfileForm({
  contactId,
  initial,
  leadFields,
  timezone,
  onSaved,
  onCancel,
}: {
  contactId: string;
  initial: ProfileValues;
  leadFields: LeadFieldDef[];
  timezone: string;
  onSaved?: () => void;
  onCancel?: () => void;
}) {
  const [state, setState] = useState(() => toState(initial));
  const [result, setResult] = useState<Result | null>(null);
  const [localErrors, setLocalErrors] = useState<FieldErrors | undefined>();
  const [sent, setSent] = useState<Sent | null>(null);
  const [pending, startTransition] = useTransition();
  const errors = localErrors ?? (result && !result.ok ? result.fieldErrors : undefined);
  const set = <K extends keyof State>(key: K, value: State[K]) =>
    setState((s) => ({ ...s, [key]: value }));
  const known = new Set(leadFields.map((f) => f.key));
  const extraKeys = Object.keys(initial.leadFields).filter((k) => !known.has(k));
  const rowErrors = (list: "phones" | "emails") => (rowId: string) => {
    const index = (list === "phones" ? sent?.phoneIds : sent?.emailIds)?.indexOf(rowId) ?? -1;
    return index < 0 ? undefined : errors?.[`${list}.${index}`];
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const built = toInput(state, leadFields, initial);
    if ("errors" in built) {
      setLocalErrors(built.errors);
      setResult(null);
      return;
    }
    setLocalErrors(undefined);
    startTransition(async () => {
      const outcome = await updateProfileAction(contactId, built.input);
      setSent(built.sent);
      setResult(outcome);
      if (outcome.ok) onSaved?.();
    });
  };

  return (
    <form onSubmit={submit} noValidate className="space-y-6 p-5" data-testid="profile-form">
      <Section title="Identity">
        <TextField
          label="Name"
          name="name"
          value={state.name}
          maxLength={120}
          autoComplete="off"
          onChange={(e) => set("name", e.target.value)}
          errors={errors?.name}
        />
        <ValueList
          legend="Phone numbers"
          noun="phone number"
          type="tel"
          rows={state.phones}
          max={10}
          onChange={(rows) => set("phones", rows)}
          errorsFor={rowErrors("phones")}
          listErrors={errors?.phones}
          hint="The first is the primary number. Any usual writing works."
        />
        <ValueList
          legend="Email addresses"
          noun="email address"
          type="email"
          rows={state.emails}
          max={10}
          onChange={(rows) => set("emails", rows)}
          errorsFor={rowErrors("emails")}
          listErrors={errors?.emails}
          hint="The first is the primary address."
        />
        <TextField
          label="Language"
          name="language"
          value={state.language}
          placeholder="en-US"
          onChange={(e) => set("language", e.target.value)}
          hint="The language to speak with this person, as a tag such as en-US or fr-FR."
          errors={errors?.language}
        />
        <TextField
          label="Tags"
          name="tags"
          value={state.tags}
          onChange={(e) => set("tags", e.target.value)}
          hint="Separated by commas."
          errors={under(errors, "tags")}
        />
      </Section>

      <Section title="Lead">
        <SelectField
          label="Lead status"
          name="leadStatus"
          value={state.leadStatus}
          onChange={(e) => set("leadStatus", e.target.value as LeadStatus)}
          errors={errors?.leadStatus}
        >
          {Object.entries(LEAD_STATUS_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </SelectField>
        {leadFields.map((def) => (
          <LeadFieldInput
            key={def.key}
            def={def}
            value={state.leadFields[def.key] ?? ""}
            onChange={(value) => set("leadFields", { ...state.leadFields, [def.key]: value })}
            errors={errors?.[`leadFields.${def.key}`]}
          />
        ))}
        {extraKeys.map((key) => (
          <TextField
            key={key}
            label={key}
            value={state.leadFields[key] ?? ""}
            onChange={(e) => set("leadFields", { ...state.leadFields, [key]: e.target.value })}
            hint="Not a question of your trade any more. Empty it to remove it."
            errors={errors?.[`leadFields.${key}`]}
          />
        ))}
        {errors?.leadFields ? (
          <p className="text-sm text-red-700">{errors.leadFields.join(" ")}</p>
        ) : null}
      </Section>

      <Section title="Preferences">
        <PreferenceRows
          rows={state.preferences}
          onChange={(rows) => set("preferences", rows)}
          errorsFor={(row) => [
            ...(errors?.[`preferences.@${row.id}`] ?? []),
            ...(errors?.[`preferences.${row.key.trim()}`] ?? []),
          ]}
        />
        {errors?.preferences ? (
          <p className="text-sm text-red-700">{errors.preferences.join(" ")}</p>
        ) : null}
      </Section>

      <Section title="Consent">
        {CONSENT_CHANNELS.map(({ key, label }) => (
          <label key={key} className="flex items-start gap-3 text-sm">
            <input
              type="checkbox"
              name={`consent.${key}`}
              checked={state.consent[key]}
              onChange={(e) => set("consent", { ...state.consent, [key]: e.target.checked })}
              className="mt-0.5 size-4 rounded border-zinc-300"
            />
            <span>
              <span className="font-medium text-zinc-900">{label}</span>
              <span className="block text-xs text-zinc-500">
                {describeConsent(initial.consent[key], timezone)}
              </span>
            </span>
          </label>
        ))}
      </Section>

      <FormMessage
        state={
          localErrors
            ? { ok: false, code: "VALIDATION", message: "Some fields need your attention." }
            : result
        }
      />
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save profile"}
        </Button>
        {onCancel ? (
          <Button variant="ghost" onClick={onCancel} disabled={pending}>
            Cancel
          </Button>
        ) : null}
      </div>
    </form>
  );
}

/**
 * The profile, read-only, with an "Edit profile" button for those who may change it: the read view
 * (server-rendered) comes in as children and is shown again after a save, revalidated.
 */
export function ProfileEditor({
  children,
  ...form
}: Omit<Parameters<typeof ProfileForm>[0], "onSaved" | "onCancel"> & { children: ReactNode }) {
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  if (editing) {
    return (
      <ProfileForm
        {...form}
        onSaved={() => {
          setEditing(false);
          setSaved(true);
        }}
        onCancel={() => setEditing(false)}
      />
    );
  }
  return (
    <div>
      <div className="flex items-center justify-end gap-3 px-5 pt-4">
        <span role="status" className="text-sm text-green-700">
          {saved ? "Profile saved." : ""}
        </span>
        <Button
          variant="secondary"
          onClick={() => {
            setSaved(false);
            setEditing(true);
          }}
        >
          Edit profile
        </Button>
      </div>
      {children}
    </div>
  );
}
