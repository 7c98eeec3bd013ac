"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { SelectField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { setFlagOverrideAction } from "@/lib/flags/server-actions";

/** /staff/flags: pin one flag on or off for one org, or give the org back to PostHog. */
export function OverrideForm({
  flagKey,
  orgs,
}: {
  flagKey: string;
  orgs: { id: string; name: string }[];
}) {
  const [state, action, pending] = useActionState(setFlagOverrideAction, null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  const typed = state && !state.ok ? state.values : undefined;
  return (
    <form
      action={action}
      className="grid gap-3 sm:grid-cols-[1fr_12rem_auto] sm:items-end"
      noValidate
      aria-label={`Override ${flagKey} for one org`}
    >
      <input type="hidden" name="key" value={flagKey} />
      <SelectField
        label="Org"
        name="orgId"
        defaultValue={typed?.orgId ?? ""}
        errors={errors?.orgId}
      >
        <option value="" disabled>
          Choose an org…
        </option>
        {orgs.map((org) => (
          <option key={org.id} value={org.id}>
            {org.name}
          </option>
        ))}
      </SelectField>
      <SelectField
        label="Value"
        name="value"
        defaultValue={typed?.value ?? "on"}
        errors={errors?.value}
      >
        <option value="on">On for this org</option>
        <option value="off">Off for this org</option>
        <option value="posthog">As PostHog says</option>
      </SelectField>
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save override"}
      </Button>
      <div className="sm:col-span-3">
        <FormMessage state={state} />
        {state?.ok ? (
          <p role="status" className="text-sm text-green-800">
            {state.data.changed ? "Saved and audited." : "Nothing to change: that was already so."}
          </p>
        ) : null}
      </div>
    </form>
  );
}
