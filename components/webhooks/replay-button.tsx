"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { replayWebhookEventAction } from "@/lib/webhooks/server-actions";

export function ReplayButton({ eventId }: { eventId: string }) {
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  return (
    <span className="inline-flex items-center gap-2">
      <Button
        variant="secondary"
        disabled={pending}
        onClick={() =>
          start(async () => {
            const result = await replayWebhookEventAction(eventId);
            setMessage(result.ok ? "Sent for processing again." : result.message);
          })
        }
      >
        {pending ? "Replaying…" : "Replay"}
      </Button>
      <span aria-live="polite" className="text-sm text-zinc-600">
        {message}
      </span>
    </span>
  );
}
