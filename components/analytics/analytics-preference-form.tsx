"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { setAnalyticsPreferenceAction } from "@/lib/analytics/server-actions";

const CHOICES = [
  {
    value: "yes",
    label: "Count this organisation",
    hint: "Luneo learns which steps of setup and which features help businesses like yours.",
  },
  {
    value: "no",
    label: "Do not count this organisation",
    hint: "Nothing about this organisation is sent to Luneo's product analytics from now on.",
  },
] as const;

export function AnalyticsPreferenceForm({
  share,
  canWrite,
}: {
  share: boolean;
  canWrite: boolean;
}) {
  const [state, action, pending] = useActionState(setAnalyticsPreferenceAction, null);
  const current =
    state && !state.ok && state.values?.share ? state.values.share : share ? "yes" : "no";
  return (
    <form action={action} className="space-y-4" noValidate>
      <fieldset disabled={!canWrite || pending}>
        <legend className="text-sm font-medium text-zinc-800">Product analytics</legend>
        <div className="mt-2 grid gap-2 sm:grid-cols-2">
          {CHOICES.map((choice) => (
            <label
              key={choice.value}
              className="flex items-start gap-2 rounded-md border border-zinc-200 p-3 text-sm has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50"
            >
              <input
                type="radio"
                name="share"
                value={choice.value}
                defaultChecked={current === choice.value}
                className="mt-0.5 accent-brand-600"
              />
              <span>
                <span className="font-medium text-zinc-900">{choice.label}</span>
                <span className="block text-xs text-zinc-600">{choice.hint}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <FormMessage state={state} />
      {state?.ok ? (
        <p role="status" className="text-sm text-green-800">
          {state.data.changed ? "Saved." : "Nothing to change: that was already the choice."}
        </p>
      ) : null}
      {canWrite ? (
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save"}
        </Button>
      ) : (
        <p className="text-sm text-zinc-600">Only owners and admins can change this.</p>
      )}
    </form>
  );
}
