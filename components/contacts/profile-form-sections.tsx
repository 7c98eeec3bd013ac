"use client";

import type { ReactNode } from "react";
import { SelectField, TextField } from "@/components/ui/field";
import type { Consent, LeadStatus } from "@/db/schema/contacts";
import type { FieldErrors } from "@/lib/errors";
import { LEAD_STATUS_LABELS } from "./labels";
import { languageOptions } from "./reading-labels";
import { CONSENT_CHANNELS, describeConsent, type LeadFieldDef } from "./profile-card";
import { LeadFieldInput, PreferenceRows, ValueList } from "./profile-fields";
import {
  rowErrors,
  under,
  type ProfileFormState,
  type Sent,
  type SetField,
} from "./profile-form-state";

// The profile form's sections, each a fieldset of related fields.

type SectionProps = {
  state: ProfileFormState;
  set: SetField;
  errors: FieldErrors | undefined;
};

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

/** The ways to reach the person: one list of values each, the first primary. */
const VALUE_LISTS = {
  phones: {
    legend: "Phone numbers",
    noun: "phone number",
    type: "tel",
    hint: "The first is the primary number. Any usual writing works.",
  },
  emails: {
    legend: "Email addresses",
    noun: "email address",
    type: "email",
    hint: "The first is the primary address.",
  },
} as const;

/** Who the person is and how to reach them: name, phones, emails, language and tags. */
export function IdentitySection({
  state,
  set,
  errors,
  sent,
}: SectionProps & { sent: Sent | null }) {
  return (
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
      {(["phones", "emails"] as const).map((list) => (
        <ValueList
          key={list}
          {...VALUE_LISTS[list]}
          rows={state[list]}
          max={10}
          onChange={(rows) => set(list, rows)}
          errorsFor={rowErrors(errors, sent, list)}
          listErrors={errors?.[list]}
        />
      ))}
      <SelectField
        label="Language"
        name="language"
        value={state.language}
        onChange={(e) => set("language", e.target.value)}
        hint="The language to speak with this person."
        errors={errors?.language}
      >
        <option value="">Not set</option>
        {languageOptions(state.language || null).map(({ value, label }) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </SelectField>
      <TextField
        label="Tags"
        name="tags"
        value={state.tags}
        onChange={(e) => set("tags", e.target.value)}
        hint="Separated by commas (a ; or | also separates tags)."
        errors={under(errors, "tags")}
      />
    </Section>
  );
}

/**
 * The lead status and the answers to the trade's qualification questions, then answers stored
 * under keys that are no longer questions (`extraKeys`), kept editable so they can be removed.
 */
export function LeadSection({
  state,
  set,
  errors,
  defs,
  extraKeys,
}: SectionProps & { defs: LeadFieldDef[]; extraKeys: string[] }) {
  return (
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
      {defs.map((def) => (
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
  );
}

/** How the person likes to be reached, as name/value rows. */
export function PreferencesSection({ state, set, errors }: SectionProps) {
  return (
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
  );
}

/** One box per channel, each described by the consent stored before this edit. */
export function ConsentSection({
  state,
  set,
  recorded,
  timezone,
}: Omit<SectionProps, "errors"> & { recorded: Consent; timezone: string }) {
  return (
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
              {describeConsent(recorded[key], timezone)}
            </span>
          </span>
        </label>
      ))}
    </Section>
  );
}
