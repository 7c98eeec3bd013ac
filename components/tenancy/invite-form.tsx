"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { RevealedValue } from "@/components/ui/copy-button";
import { SelectField, TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { inviteMemberAction } from "@/lib/tenancy/server-actions";

export function InviteForm({ roles }: { roles: readonly string[] }) {
  const [state, action, pending] = useActionState(inviteMemberAction, null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <div className="space-y-4">
      <form
        action={action}
        className="grid gap-4 sm:grid-cols-[1fr_10rem_auto] sm:items-start"
        noValidate
      >
        <TextField
          label="Email"
          name="email"
          type="email"
          placeholder="teammate@company.com"
          required
          errors={errors?.email}
        />
        <SelectField
          label="Role"
          name="role"
          defaultValue={roles.includes("member") ? "member" : roles[0]}
          errors={errors?.role}
        >
          {roles.map((role) => (
            <option key={role} value={role}>
              {role === "admin" ? "Admin" : "Member"}
            </option>
          ))}
        </SelectField>
        <Button type="submit" className="sm:mt-7" disabled={pending}>
          {pending ? "Sending…" : "Send invitation"}
        </Button>
      </form>
      <FormMessage state={state} />
      {state?.ok ? (
        <div
          className="rounded-lg border border-green-200 bg-green-50 p-4"
          data-testid="invite-result"
        >
          <p className="mb-2 text-sm text-green-900">
            Invitation emailed to <strong>{state.data.email}</strong> as {state.data.role} (see
            Settings → Outbox). You can also send them this link yourself; it works once and expires
            in 7 days. It will not be shown again.
          </p>
          <RevealedValue value={state.data.link} testId="invite-link" />
        </div>
      ) : null}
    </div>
  );
}
