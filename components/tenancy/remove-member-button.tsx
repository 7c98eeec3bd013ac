"use client";

import { AlertDialog } from "radix-ui";
import { useState, useTransition } from "react";
import { Button, buttonClasses } from "@/components/ui/button";
import { removeMemberAction } from "@/lib/tenancy/server-actions";

/** Remove a teammate, or (on one's own row) leave the org, after a confirmation. */
export function RemoveMemberButton({
  userId,
  name,
  orgName,
  self,
}: {
  userId: string;
  name: string;
  orgName: string;
  self: boolean;
}) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const copy = self
    ? {
        trigger: "Leave",
        triggerLabel: `Leave ${orgName}`,
        pending: "Leaving…",
        title: `Leave ${orgName}?`,
        description:
          "You lose access to this organisation immediately. To come back, another owner has to invite you again.",
        confirm: "Leave organisation",
      }
    : {
        trigger: "Remove",
        triggerLabel: `Remove ${name}`,
        pending: "Removing…",
        title: `Remove ${name} from ${orgName}?`,
        description:
          "They lose access to this organisation immediately. Their account stays, and you can invite them again later.",
        confirm: "Remove member",
      };
  return (
    <span className="inline-flex items-center gap-2">
      {error ? (
        <span role="alert" className="max-w-44 text-xs text-red-700">
          {error}
        </span>
      ) : null}
      <AlertDialog.Root>
        <AlertDialog.Trigger asChild>
          <Button variant="danger" disabled={pending} aria-label={copy.triggerLabel}>
            {pending ? copy.pending : copy.trigger}
          </Button>
        </AlertDialog.Trigger>
        <AlertDialog.Portal>
          <AlertDialog.Overlay className="fixed inset-0 z-40 bg-zinc-900/40" />
          <AlertDialog.Content className="fixed top-1/2 left-1/2 z-50 w-[min(92vw,28rem)] -translate-x-1/2 -translate-y-1/2 rounded-xl bg-white p-6 shadow-xl">
            <AlertDialog.Title className="text-base font-semibold text-zinc-900">
              {copy.title}
            </AlertDialog.Title>
            <AlertDialog.Description className="mt-2 text-sm text-zinc-600">
              {copy.description}
            </AlertDialog.Description>
            <div className="mt-6 flex justify-end gap-2">
              <AlertDialog.Cancel className={buttonClasses("secondary")}>Cancel</AlertDialog.Cancel>
              <AlertDialog.Action
                className={buttonClasses("danger")}
                onClick={() =>
                  start(async () => {
                    const result = await removeMemberAction({ userId });
                    setError(result.ok ? null : result.message);
                  })
                }
              >
                {copy.confirm}
              </AlertDialog.Action>
            </div>
          </AlertDialog.Content>
        </AlertDialog.Portal>
      </AlertDialog.Root>
    </span>
  );
}
