"use client";

import { ActionButton } from "@/components/ui/action-button";
import { resendOutboxMessageAction } from "@/lib/mail/server-actions";

export function ResendMailButton({ messageId }: { messageId: string }) {
  return (
    <ActionButton
      run={() => resendOutboxMessageAction(messageId)}
      label="Send again"
      pendingLabel="Queuing…"
      done="Queued to send again."
    />
  );
}
