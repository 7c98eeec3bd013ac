"use client";

import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import type { VapiAuthMode, VapiConfig } from "@/db/schema";
import { saveVapiAction } from "@/lib/channels/server-actions";

const MODES: { value: VapiAuthMode; label: string }[] = [
  { value: "x-vapi-secret", label: "Secret header (x-vapi-secret)" },
  { value: "bearer", label: "Bearer token (Authorization header)" },
  { value: "hmac", label: "HMAC-SHA256 signature of the body" },
];

export function VapiForm({
  config,
  secretStatus,
  apiKeySaved = false,
}: {
  config: VapiConfig | null;
  secretStatus: React.ReactNode;
  apiKeySaved?: boolean;
}) {
  const [state, action, pending] = useActionState(saveVapiAction, null);
  const [mode, setMode] = useState<VapiAuthMode>(config?.authMode ?? "x-vapi-secret");
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form action={action} className="space-y-4" noValidate>
      <SelectField
        label="How VAPI proves it is VAPI"
        name="authMode"
        value={mode}
        onChange={(e) => setMode(e.target.value as VapiAuthMode)}
        errors={errors?.authMode}
      >
        {MODES.map((m) => (
          <option key={m.value} value={m.value}>
            {m.label}
          </option>
        ))}
      </SelectField>
      <TextField
        label={mode === "hmac" ? "Signing secret" : "Secret"}
        name="secret"
        type="password"
        autoComplete="new-password"
        placeholder={
          config
            ? "Leave empty to keep the saved secret"
            : "At least 16 characters; paste the same in VAPI"
        }
        hint={secretStatus}
        errors={errors?.secret}
      />
      {mode === "hmac" ? (
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            label="Signature header"
            name="signatureHeader"
            defaultValue={config?.signatureHeader ?? "x-signature"}
            errors={errors?.signatureHeader}
          />
          <TextField
            label="Timestamp header (optional)"
            name="timestampHeader"
            defaultValue={config?.timestampHeader ?? ""}
            placeholder="x-timestamp"
            hint="When set, the signature covers “timestamp.body” and requests older than 5 minutes are refused."
            errors={errors?.timestampHeader}
          />
        </div>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          label="Assistant ID (optional)"
          name="assistantId"
          defaultValue={config?.assistantId ?? ""}
          hint="Empty: Luneo builds the whole assistant for each call from your settings. Set: your own VAPI assistant answers, with Luneo's greeting and variables."
          errors={errors?.assistantId}
        />
        <TextField
          label="SIP address (optional)"
          name="sipAddress"
          defaultValue={config?.sipAddress ?? ""}
          placeholder="sip:your-agent@sip.vapi.ai"
          hint="Twilio hands incoming calls to this address."
          errors={errors?.sipAddress}
        />
      </div>
      <TextField
        label="Private API key (optional)"
        name="apiKey"
        type="password"
        autoComplete="off"
        placeholder={
          apiKeySaved
            ? "Leave empty to keep the saved key"
            : "VAPI dashboard → Organization → API Keys"
        }
        hint="Only used to check that your VAPI account still works (Health). Stored encrypted, never shown again."
        errors={errors?.apiKey}
      />
      <FormMessage state={state} />
      {state?.ok ? <p className="text-sm text-green-700">Saved.</p> : null}
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : config ? "Save VAPI settings" : "Connect VAPI"}
      </Button>
    </form>
  );
}
