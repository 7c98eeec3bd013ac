"use client";

import { useState, useTransition } from "react";
import { deleteSegmentAction } from "@/lib/contacts/segments/server-actions";

/** Deletes a saved filter (the contacts stay); the list refreshes through revalidatePath. */
export function DeleteSegmentButton({ id, name }: { id: string; name: string }) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        disabled={pending}
        aria-label={`Delete segment “${name}”`}
        title="Delete segment"
        onClick={() =>
          start(async () => {
            const result = await deleteSegmentAction(id);
            setError(result.ok ? null : result.message);
          })
        }
        className="mr-1 rounded-full px-1.5 text-zinc-400 hover:bg-zinc-200 hover:text-zinc-700 disabled:opacity-50"
      >
        <span aria-hidden="true">×</span>
      </button>
      {error ? (
        <span role="alert" className="pr-2 text-xs text-red-700">
          {error}
        </span>
      ) : null}
    </>
  );
}
