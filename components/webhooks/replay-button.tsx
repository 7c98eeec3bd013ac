"use client";

import { ActionButton } from "@/components/ui/action-button";
import { replayWebhookEventAction } from "@/lib/webhooks/server-actions";

export function ReplayButton({ eventId }: { eventId: string }) {
  return (
    <ActionButton
      run={() => replayWebhookEventAction(eventId)}
      label="Replay"
      pendingLabel="Replaying…"
      done="Sent for processing again."
    />
  );
}
