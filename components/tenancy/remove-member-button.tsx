"use client";

import { AlertDialog } from "radix-ui";
import { useState, useTransition } from "react";
import { Button, buttonClasses } from "@/components/ui/button";
import { removeMemberAction } from "@/lib/tenancy/server-actions";

type Belongings = {
  apiKeys: { id: string; name: string; lastFour: string }[];
  invitations: { id: string; email: string; role: string }[];
};

/**
 * Remove a teammate, or (on one's own row) leave the org, after a confirmation. The dialog lists the
 * API keys and open invitations the person made: they are revoked, unless the remover explicitly
 * takes them over (never offered when leaving: one cannot hand things to oneself).
 */
export function RemoveMemberButton({
  userId,
  name,
  orgName,
  self,
  belongings,
}: {
  userId: string;
  name: string;
  orgName: string;
  self: boolean;
  belongings?: Belongings;
}) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [choice, setChoice] = useState<"revoke" | "hand_over">("revoke");
  const keys = belongings?.apiKeys ?? [];
  const invites = belongings?.invitations ?? [];
  const hasBelongings = keys.length + invites.length > 0;
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
            {hasBelongings ? (
              <div className="mt-4 space-y-3 text-sm" data-testid="removal-belongings">
                <p className="font-medium text-zinc-900">
                  {self
                    ? "You made these. Leaving revokes them:"
                    : `${name} made these. They are revoked unless you take them over:`}
                </p>
                <ul className="max-h-40 list-disc space-y-1 overflow-y-auto pl-5 text-zinc-700">
                  {keys.map((k) => (
                    <li key={k.id}>
                      API key <strong className="font-medium">{k.name}</strong>{" "}
                      <span className="font-mono text-xs text-zinc-500">luneo_…{k.lastFour}</span>
                    </li>
                  ))}
                  {invites.map((i) => (
                    <li key={i.id} className="break-all">
                      Invitation for {i.email} ({i.role})
                    </li>
                  ))}
                </ul>
                {self ? null : (
                  <fieldset className="space-y-2">
                    <legend className="sr-only">What happens to them</legend>
                    <label className="flex items-start gap-2">
                      <input
                        type="radio"
                        name={`belongings-${userId}`}
                        value="revoke"
                        checked={choice === "revoke"}
                        onChange={() => setChoice("revoke")}
                        className="mt-0.5"
                      />
                      <span>Revoke them</span>
                    </label>
                    <label className="flex items-start gap-2">
                      <input
                        type="radio"
                        name={`belongings-${userId}`}
                        value="hand_over"
                        checked={choice === "hand_over"}
                        onChange={() => setChoice("hand_over")}
                        className="mt-0.5"
                      />
                      <span>Keep them working, with me answering for them</span>
                    </label>
                  </fieldset>
                )}
              </div>
            ) : null}
            <div className="mt-6 flex justify-end gap-2">
              <AlertDialog.Cancel className={buttonClasses("secondary")}>Cancel</AlertDialog.Cancel>
              <AlertDialog.Action
                className={buttonClasses("danger")}
                onClick={() =>
                  start(async () => {
                    const result = await removeMemberAction({
                      userId,
                      belongings: self ? "revoke" : choice,
                    });
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
