"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { RevealedValue } from "@/components/ui/copy-button";
import { TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { createApiKeyAction } from "@/lib/api-keys/server-actions";
import { API_SCOPES } from "@/lib/api-keys/scopes";

export function CreateApiKeyForm() {
  const [state, action, pending] = useActionState(createApiKeyAction, null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <div className="space-y-4">
      <form action={action} className="space-y-4" noValidate>
        <TextField label="Name" name="name" placeholder="CRM sync" required errors={errors?.name} />
        <fieldset aria-describedby={errors?.scopes ? "scopes-error" : undefined}>
          <legend className="text-sm font-medium text-zinc-800">Scopes</legend>
          <div className="mt-2 grid gap-2 sm:grid-cols-2">
            {Object.entries(API_SCOPES).map(([scope, description]) => (
              <label
                key={scope}
                className="flex items-start gap-2 rounded-md border border-zinc-200 p-2.5 text-sm hover:bg-zinc-50"
              >
                <input
                  type="checkbox"
                  name="scopes[]"
                  value={scope}
                  className="mt-0.5 accent-brand-600"
                />
                <span>
                  <code className="font-mono text-xs text-zinc-900">{scope}</code>
                  <span className="block text-xs text-zinc-500">{description}</span>
                </span>
              </label>
            ))}
          </div>
          {errors?.scopes ? (
            <p id="scopes-error" className="mt-1.5 text-sm text-red-700">
              {errors.scopes.join(" ")}
            </p>
          ) : null}
        </fieldset>
        <FormMessage state={state} />
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create API key"}
        </Button>
      </form>
      {state?.ok ? (
        <div
          className="rounded-lg border border-amber-200 bg-amber-50 p-4"
          data-testid="api-key-result"
        >
          <p className="mb-2 text-sm text-amber-900">
            <strong>{state.data.name}</strong> is ready. Copy it now: for your security it will
            never be shown again.
          </p>
          <RevealedValue value={state.data.token} testId="api-key-token" />
        </div>
      ) : null}
    </div>
  );
}
