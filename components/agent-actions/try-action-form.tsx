"use client";

import { useActionState } from "react";
import { Badge } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { SelectField, TextAreaField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { tryActionAction } from "@/lib/agent-actions/server-actions";
import { STATUS_LABELS, STATUS_TONES } from "./labels";

/** "Try it": an action dry-run with an input typed as JSON; shows the effect, commits nothing. */
export function TryActionForm({
  actions,
  examples,
}: {
  actions: { name: string; label: string }[];
  examples: Record<string, string>;
}) {
  const [state, formAction, pending] = useActionState(tryActionAction, null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  const kept = state && !state.ok ? state.values : undefined;
  const first = actions[0]?.name ?? "";
  return (
    <div className="space-y-4">
      <form action={formAction} className="space-y-4" data-testid="try-action" noValidate>
        <SelectField label="Action" name="action" defaultValue={kept?.action ?? first}>
          {actions.map((a) => (
            <option key={a.name} value={a.name}>
              {a.label}
            </option>
          ))}
        </SelectField>
        <TextAreaField
          label="Input (JSON)"
          name="input"
          rows={5}
          className="font-mono text-xs"
          defaultValue={kept?.input ?? examples[first] ?? "{}"}
          hint="The same input the agent or the API would send. Nothing is changed: this is a dry-run."
          errors={
            errors?.input ??
            (errors ? Object.entries(errors).map(([k, v]) => `${k}: ${v.join(" ")}`) : undefined)
          }
        />
        <FormMessage state={state} />
        <Button type="submit" variant="secondary" disabled={pending}>
          {pending ? "Trying…" : "Dry-run"}
        </Button>
      </form>
      {state?.ok ? (
        <div
          className="space-y-2 rounded-lg border border-zinc-200 bg-zinc-50 p-4"
          data-testid="try-result"
        >
          <p className="flex flex-wrap items-center gap-2 text-sm text-zinc-900">
            <Badge tone={STATUS_TONES[state.data.status]}>{STATUS_LABELS[state.data.status]}</Badge>
            <span>{state.data.result}</span>
          </p>
          {state.data.effect ? (
            <pre className="overflow-x-auto rounded-md bg-white p-3 text-xs text-zinc-700">
              {JSON.stringify(state.data.effect, null, 2)}
            </pre>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
