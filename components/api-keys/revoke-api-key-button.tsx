"use client";

import { AlertDialog } from "radix-ui";
import { useState, useTransition } from "react";
import { Button, buttonClasses } from "@/components/ui/button";
import { revokeApiKeyAction } from "@/lib/api-keys/server-actions";

export function RevokeApiKeyButton({ id, name }: { id: string; name: string }) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <AlertDialog.Root>
      <AlertDialog.Trigger asChild>
        <Button variant="danger" disabled={pending}>
          {pending ? "Revoking…" : "Revoke"}
        </Button>
      </AlertDialog.Trigger>
      {error ? <span className="ml-2 text-xs text-red-700">{error}</span> : null}
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="fixed inset-0 z-40 bg-zinc-900/40" />
        <AlertDialog.Content className="fixed top-1/2 left-1/2 z-50 w-[min(92vw,28rem)] -translate-x-1/2 -translate-y-1/2 rounded-xl bg-white p-6 shadow-xl">
          <AlertDialog.Title className="text-base font-semibold text-zinc-900">
            Revoke “{name}”?
          </AlertDialog.Title>
          <AlertDialog.Description className="mt-2 text-sm text-zinc-600">
            Anything using this key stops working immediately. This cannot be undone.
          </AlertDialog.Description>
          <div className="mt-6 flex justify-end gap-2">
            <AlertDialog.Cancel className={buttonClasses("secondary")}>Keep it</AlertDialog.Cancel>
            <AlertDialog.Action
              className={buttonClasses("danger")}
              onClick={() =>
                start(async () => {
                  const result = await revokeApiKeyAction(id);
                  setError(result.ok ? null : result.message);
                })
              }
            >
              Revoke key
            </AlertDialog.Action>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
