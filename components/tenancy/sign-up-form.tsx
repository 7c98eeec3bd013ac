"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { signUpAction } from "@/lib/auth/server-actions";

export function SignUpForm() {
  const [state, action, pending] = useActionState(signUpAction, null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  // After a failed attempt the fields come back as typed; the password never does.
  const typed = state?.values;
  return (
    <form action={action} className="space-y-4" noValidate>
      <TextField
        label="Your name"
        name="name"
        autoComplete="name"
        required
        defaultValue={typed?.name}
        errors={errors?.name}
      />
      <TextField
        label="Business name"
        name="orgName"
        autoComplete="organization"
        required
        defaultValue={typed?.orgName}
        errors={errors?.orgName}
      />
      <TextField
        label="Work email"
        name="email"
        type="email"
        autoComplete="email"
        required
        defaultValue={typed?.email}
        errors={errors?.email}
      />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={10}
        hint="At least 10 characters."
        errors={errors?.password}
      />
      <FormMessage state={state} />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Creating your workspace…" : "Create account"}
      </Button>
    </form>
  );
}
