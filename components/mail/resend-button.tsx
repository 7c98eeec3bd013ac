"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { resendOutboxMessageAction } from "@/lib/mail/server-actions";

export function ResendMailButton({ messageId }: { messageId: string }) {
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  return (
    <span className="inline-flex items-center gap-2">
      <Button
        variant="secondary"
        disabled={pending}
        onClick={() =>
          start(async () => {
            const result = await resendOutboxMessageAction(messageId);
            setMessage(result.ok ? "Queued to send again." : result.message);
          })
        }
      >
        {pending ? "Queuing…" : "Send again"}
      </Button>
      <span aria-live="polite" className="text-sm text-zinc-600">
        {message}
      </span>
    </span>
  );
}
