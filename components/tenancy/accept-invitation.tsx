"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { acceptInvitationAction, signUpWithInvitationAction } from "@/lib/tenancy/server-actions";

/** For a newcomer: create the account with the invited email. */
export function InvitationSignUpForm({ token, email }: { token: string; email: string }) {
  const [state, action, pending] = useActionState(
    signUpWithInvitationAction.bind(null, token),
    null,
  );
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form action={action} className="space-y-4" noValidate>
      <TextField
        label="Email"
        name="email"
        value={email}
        readOnly
        disabled
        hint="The invitation was sent to this address."
      />
      <TextField label="Your name" name="name" autoComplete="name" required errors={errors?.name} />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        hint="At least 10 characters."
        errors={errors?.password}
      />
      <FormMessage state={state} />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Joining…" : "Create account and join"}
      </Button>
    </form>
  );
}

/** For someone already signed in. */
export function AcceptInvitationButton({ token }: { token: string }) {
  const [state, action, pending] = useActionState(() => acceptInvitationAction(token), null);
  return (
    <form action={action} className="space-y-3">
      <FormMessage state={state} />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Joining…" : "Accept invitation"}
      </Button>
    </form>
  );
}
