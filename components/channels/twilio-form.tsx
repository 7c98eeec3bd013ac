"use client";

import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import type { TwilioConfig } from "@/db/schema";
import { saveTwilioAction } from "@/lib/channels/server-actions";

export function TwilioForm({
  config,
  secretStatus,
}: {
  config: TwilioConfig | null;
  secretStatus: React.ReactNode;
}) {
  const [state, action, pending] = useActionState(saveTwilioAction, null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  // Controlled: React resets an uncontrolled form after its action runs, so a refused save put
  // back the saved settings over what was typed. The Auth Token stays uncontrolled on purpose: a
  // secret is never kept in the page, the person types it again.
  const [values, setValues] = useState({
    accountSid: config?.accountSid ?? "",
    phoneNumbers: config?.phoneNumbers.join(", ") ?? "",
    fallbackNumber: config?.fallbackNumber ?? "",
  });
  const bind = (name: keyof typeof values) => ({
    name,
    value: values[name],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) =>
      setValues((v) => ({ ...v, [name]: e.target.value })),
  });
  return (
    <form action={action} className="space-y-4" noValidate>
      <TextField
        label="Account SID"
        {...bind("accountSid")}
        placeholder="AC…"
        autoComplete="off"
        required
        errors={errors?.accountSid}
      />
      <TextField
        label="Auth Token"
        name="authToken"
        type="password"
        autoComplete="new-password"
        placeholder={
          config ? "Leave empty to keep the saved token" : "32 characters from the Twilio console"
        }
        hint={secretStatus}
        errors={errors?.authToken}
      />
      <TextField
        label="Phone numbers"
        {...bind("phoneNumbers")}
        placeholder="+14155552671, +33612345678"
        hint="The Twilio numbers your agent answers, in international format."
        errors={errors?.phoneNumbers}
      />
      <TextField
        label="Fallback number (optional)"
        {...bind("fallbackNumber")}
        placeholder="+14155550199"
        hint="A person who takes calls when no agent is configured."
        errors={errors?.fallbackNumber}
      />
      <FormMessage state={state} />
      {state?.ok ? <p className="text-sm text-green-700">Saved.</p> : null}
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : config ? "Save Twilio settings" : "Connect Twilio"}
      </Button>
    </form>
  );
}
