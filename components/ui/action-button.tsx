"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/errors";

/**
 * A button that runs one server action on a record and says, beside it, what happened: `done` on
 * success, the action's own sentence otherwise (the webhook log's Replay, the outbox's Send again).
 */
export function ActionButton({
  run,
  label,
  pendingLabel,
  done,
}: {
  run: () => Promise<ActionResult<unknown>>;
  label: string;
  pendingLabel: string;
  done: string;
}) {
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  return (
    <span className="inline-flex items-center gap-2">
      <Button
        variant="secondary"
        disabled={pending}
        onClick={() =>
          start(async () => {
            const result = await run();
            setMessage(result.ok ? done : result.message);
          })
        }
      >
        {pending ? pendingLabel : label}
      </Button>
      <span aria-live="polite" className="text-sm text-zinc-600">
        {message}
      </span>
    </span>
  );
}
