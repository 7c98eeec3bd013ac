"use client";

import { ActionButton } from "@/components/ui/action-button";
import { setTaskStatusAction } from "@/lib/agent-actions/server-actions";

export function TaskStatusButton({ taskId, status }: { taskId: string; status: "open" | "done" }) {
  return status === "open" ? (
    <ActionButton
      run={() => setTaskStatusAction(taskId, "done")}
      label="Mark done"
      pendingLabel="Saving…"
      done="Done."
    />
  ) : (
    <ActionButton
      run={() => setTaskStatusAction(taskId, "open")}
      label="Reopen"
      pendingLabel="Saving…"
      done="Reopened."
    />
  );
}
