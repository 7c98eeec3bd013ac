"use client";

import { useActionState, useTransition, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { changeNameAction, changePasswordAction } from "@/lib/auth/server-actions";

/** The name form keeps what was typed after an error (submitted without React's form reset). */
export function ChangeNameForm({ name }: { name: string }) {
  const [state, action, pending] = useActionState(changeNameAction, null);
  const [, start] = useTransition();
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    start(() => action(data));
  }
  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      <TextField
        label="Your name"
        name="name"
        autoComplete="name"
        defaultValue={name}
        required
        errors={errors?.name}
      />
      <FormMessage state={state} />
      {state?.ok ? (
        <p className="text-sm text-green-800" data-testid="name-saved">
          Saved. You appear as {state.data.name}.
        </p>
      ) : null}
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save name"}
      </Button>
    </form>
  );
}

/** Passwords are never kept in the form: after an error every field is empty again. */
export function ChangePasswordForm({ changed }: { changed: boolean }) {
  const [state, action, pending] = useActionState(changePasswordAction, null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form action={action} className="space-y-4" noValidate>
      <TextField
        label="Current password"
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        required
        errors={errors?.currentPassword}
      />
      <TextField
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        required
        minLength={10}
        hint="At least 10 characters."
        errors={errors?.newPassword}
      />
      <TextField
        label="New password, again"
        name="confirmPassword"
        type="password"
        autoComplete="new-password"
        required
        errors={errors?.confirmPassword}
      />
      <FormMessage state={state} />
      {changed && !state ? (
        <p className="text-sm text-green-800" data-testid="password-changed">
          Password changed. You were signed out everywhere else.
        </p>
      ) : null}
      <Button type="submit" disabled={pending}>
        {pending ? "Changing…" : "Change password"}
      </Button>
    </form>
  );
}
