"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect } from "react";
import { Button } from "@/components/ui/button";
import type { FormResult } from "@/lib/actions";
import { moveSignalOutAction } from "@/lib/learning/server-actions";

type Result = FormResult<{ id: string }> | null;

/** Moves one caller's question out of this gap into a gap of its own. */
export function MoveOutButton({
  gapId,
  signalId,
  version,
}: {
  gapId: string;
  signalId: string;
  version: number;
}) {
  const router = useRouter();
  const [state, move, moving] = useActionState<Result, FormData>(
    (prev, form) => moveSignalOutAction(gapId, prev, form),
    null,
  );
  useEffect(() => {
    if (state?.ok) router.refresh();
  }, [state, router]);
  return (
    <form action={move} className="inline-flex flex-wrap items-center gap-2">
      <input type="hidden" name="signalId" value={signalId} />
      <input type="hidden" name="version" value={version} />
      <Button type="submit" variant="ghost" className="-ml-2 px-2 py-1 text-xs" disabled={moving}>
        {moving ? "Moving…" : "Not the same question: move to its own gap"}
      </Button>
      <span aria-live="polite" className="text-xs">
        {state && !state.ok ? <span className="text-red-700">{state.message}</span> : null}
      </span>
    </form>
  );
}
