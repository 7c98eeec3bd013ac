"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { saveHealthSettingsAction } from "@/lib/health/server-actions";

export function HealthSettingsForm({
  statusPageEnabled,
  alertWebhookUrl,
  signingSecret,
  statusPageUrl,
}: {
  statusPageEnabled: boolean;
  alertWebhookUrl: string | null;
  signingSecret: string | null;
  statusPageUrl: string;
}) {
  const [state, action, pending] = useActionState(saveHealthSettingsAction, null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  const typed = state && !state.ok ? state.values : undefined;
  return (
    <form action={action} className="space-y-4" noValidate aria-label="Health settings">
      <label className="flex items-start gap-3 text-sm text-zinc-800">
        <input
          type="checkbox"
          name="statusPageEnabled"
          defaultChecked={typed ? typed.statusPageEnabled === "on" : statusPageEnabled}
          className="mt-0.5 size-4 rounded border-zinc-300"
        />
        <span>
          <span className="font-medium">Publish a public status page</span>
          <span className="block text-zinc-500">
            At{" "}
            <span className="break-all" data-testid="status-page-url">
              {statusPageUrl}
            </span>
            : components, incidents and 90 days of uptime, never a caller or a contact.
          </span>
        </span>
      </label>
      <TextField
        label="Alert webhook (optional)"
        name="alertWebhookUrl"
        type="url"
        inputMode="url"
        placeholder="https://hooks.example.com/luneo"
        defaultValue={typed?.alertWebhookUrl ?? alertWebhookUrl ?? ""}
        hint="Luneo posts each incident change here, signed the Standard Webhooks way. Public addresses only."
        errors={errors?.alertWebhookUrl}
      />
      {signingSecret ? (
        <div className="space-y-1.5 text-sm">
          <p className="font-medium text-zinc-800">Signing secret</p>
          <div className="flex min-w-0 items-center gap-2">
            <code className="min-w-0 truncate rounded bg-zinc-100 px-2 py-1 text-xs">
              {signingSecret}
            </code>
            <CopyButton value={signingSecret} label="Copy" />
          </div>
          <p className="text-xs text-zinc-500">
            Verify the webhook-signature header with it (any Standard Webhooks library does).
          </p>
        </div>
      ) : null}
      <FormMessage state={state} />
      {state?.ok ? <p className="text-sm text-green-700">Saved.</p> : null}
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save"}
      </Button>
    </form>
  );
}
