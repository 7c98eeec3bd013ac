"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { resendVerificationAction } from "@/lib/auth/server-actions";

export function ResendVerificationButton() {
  const [state, action, pending] = useActionState(() => resendVerificationAction(), null);
  return (
    <form action={action} className="inline-flex items-center gap-3">
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? "Sending…" : "Resend the link"}
      </Button>
      <span aria-live="polite" className="text-sm" data-testid="resend-result">
        {state?.ok
          ? state.data.sent
            ? "Sent. Check your inbox."
            : "Your address is already confirmed."
          : state
            ? state.message
            : null}
      </span>
    </form>
  );
}
