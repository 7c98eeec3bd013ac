"use client";

import { useActionState } from "react";
import { Button, type ButtonVariant } from "@/components/ui/button";
import { signOutAction } from "@/lib/auth/server-actions";

/** A "Sign out" button in its own form (the action redirects to the sign-in page). */
export function SignOutForm({
  variant = "secondary",
  className,
  buttonClassName,
}: {
  variant?: ButtonVariant;
  className?: string;
  buttonClassName?: string;
}) {
  const [state, action, pending] = useActionState(signOutAction, null);
  return (
    <form action={action} className={className}>
      <Button type="submit" variant={variant} className={buttonClassName} disabled={pending}>
        Sign out
      </Button>
      {state && !state.ok ? (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
