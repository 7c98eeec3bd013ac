"use client";

import { useState, useTransition, type FormEvent, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import type { ActionResult, FieldErrors } from "@/lib/errors";
import { updateProfileAction } from "@/lib/contacts/profile/server-actions";
import type { LeadFieldDef } from "./profile-card";
import {
  ConsentSection,
  IdentitySection,
  LeadSection,
  PreferencesSection,
} from "./profile-form-sections";
import {
  toInput,
  toState,
  type ProfileFormState,
  type ProfileValues,
  type Sent,
} from "./profile-form-state";

export type { ProfileValues } from "./profile-form-state";

type Result = ActionResult<{ changed: string[] }>;

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
  const set = <K extends keyof ProfileFormState>(key: K, value: ProfileFormState[K]) =>
    setState((s) => ({ ...s, [key]: value }));
  const known = new Set(leadFields.map((f) => f.key));
  const extraKeys = Object.keys(initial.leadFields).filter((k) => !known.has(k));

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
      <IdentitySection state={state} set={set} errors={errors} sent={sent} />
      <LeadSection
        state={state}
        set={set}
        errors={errors}
        defs={leadFields}
        extraKeys={extraKeys}
      />
      <PreferencesSection state={state} set={set} errors={errors} />
      <ConsentSection state={state} set={set} recorded={initial.consent} timezone={timezone} />

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
