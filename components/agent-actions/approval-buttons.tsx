"use client";

import { ActionButton } from "@/components/ui/action-button";
import { decideApprovalAction } from "@/lib/agent-actions/server-actions";

export function ApprovalButtons({ executionId }: { executionId: string }) {
  return (
    <span className="flex flex-wrap gap-2">
      <ActionButton
        run={() => decideApprovalAction(executionId, "accept")}
        label="Accept"
        pendingLabel="Accepting…"
        done="Accepted."
      />
      <ActionButton
        run={() => decideApprovalAction(executionId, "decline")}
        label="Decline"
        pendingLabel="Declining…"
        done="Declined."
      />
    </span>
  );
}
