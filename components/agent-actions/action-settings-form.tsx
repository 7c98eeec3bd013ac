"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { saveActionSettingsAction } from "@/lib/agent-actions/server-actions";

type Teammate = { id: string; name: string; email: string };

export type ActionSettingsView = {
  name: string;
  label: string;
  enabled: boolean;
  requireApproval: boolean;
  config: Record<string, unknown>;
  hasSecret: boolean;
};

const text = (value: unknown) => (typeof value === "string" ? value : "");

/** One action's switch, approval and configuration (Settings → Actions). */
export function ActionSettingsForm({
  action,
  teammates,
}: {
  action: ActionSettingsView;
  teammates: Teammate[];
}) {
  const [state, formAction, pending] = useActionState(saveActionSettingsAction, null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  const kept = state && !state.ok ? state.values : undefined;
  const value = (key: string) => kept?.[`config.${key}`] ?? text(action.config[key]);
  const checked = (key: "enabled" | "requireApproval") => (kept ? kept[key] === "on" : action[key]);
  return (
    <form
      action={formAction}
      className="space-y-4"
      data-testid={`settings-${action.name}`}
      noValidate
    >
      <input type="hidden" name="action" value={action.name} />
      <div className="flex flex-wrap gap-x-6 gap-y-2">
        <label className="flex items-center gap-2 text-sm text-zinc-800">
          <input
            type="checkbox"
            name="enabled"
            defaultChecked={checked("enabled")}
            className="accent-brand-600"
          />
          Turned on
        </label>
        <label className="flex items-center gap-2 text-sm text-zinc-800">
          <input
            type="checkbox"
            name="requireApproval"
            defaultChecked={checked("requireApproval")}
            className="accent-brand-600"
          />
          An admin approves each one first
        </label>
      </div>
      {action.name === "email" ? (
        <TextField
          label="Signature"
          name="config.signature"
          defaultValue={value("signature")}
          placeholder="Seaside Realty, 12 Quai des Pêcheurs"
          hint="Added under every email the agent sends; your organisation's name when empty."
          errors={errors?.["config.signature"]}
        />
      ) : null}
      {action.name === "ticket" ? (
        <SelectField
          label="Assign new tasks to"
          name="config.assigneeId"
          defaultValue={value("assigneeId")}
          errors={errors?.["config.assigneeId"]}
        >
          <option value="">Nobody (the whole team sees them)</option>
          {teammates.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name || t.email}
            </option>
          ))}
        </SelectField>
      ) : null}
      {action.name === "transfer" ? (
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            label="Transfer calls to"
            name="config.number"
            inputMode="tel"
            defaultValue={value("number")}
            placeholder="+33140000000"
            hint="Used during your opening hours, when your escalation rules transfer calls."
            errors={errors?.["config.number"]}
          />
          <TextField
            label="What the agent says while transferring"
            name="config.message"
            defaultValue={value("message")}
            placeholder="I'm putting you through to a colleague now."
            errors={errors?.["config.message"]}
          />
        </div>
      ) : null}
      {action.name === "webhook_call" ? (
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            label="Webhook URL"
            name="config.url"
            type="url"
            defaultValue={value("url")}
            placeholder="https://crm.example.com/hooks/luneo"
            errors={errors?.["config.url"]}
          />
          <TextField
            label="Signing secret"
            name="secret"
            autoComplete="off"
            placeholder={action.hasSecret ? "Stored — type a new one to replace it" : "whsec_…"}
            hint="Standard Webhooks: your system verifies each request with it."
            errors={errors?.secret}
          />
        </div>
      ) : null}
      <FormMessage state={state} />
      <div className="flex items-center gap-3">
        <Button type="submit" variant="secondary" disabled={pending}>
          {pending ? "Saving…" : "Save"}
        </Button>
        <span aria-live="polite" className="text-sm text-green-700">
          {state?.ok ? "Saved." : null}
        </span>
      </div>
    </form>
  );
}
