"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { verifyEmailAction } from "@/lib/auth/server-actions";

// A button, not a GET: mail scanners open every link in a message, and opening must not be what
// confirms the address.
export function VerifyEmailButton({ token }: { token: string }) {
  const [state, action, pending] = useActionState(() => verifyEmailAction(token), null);
  return (
    <form action={action} className="space-y-4">
      <FormMessage state={state} />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Confirming…" : "Confirm my email address"}
      </Button>
    </form>
  );
}
