"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { formatDateTime } from "@/components/ui/format";
import { undoMergeAction } from "@/lib/contacts/merge/server-actions";
import type { UndoableMerge } from "@/lib/contacts/merge/queries";

const BANNER =
  "mb-4 flex flex-wrap items-center justify-between gap-3 rounded-lg border px-4 py-3 text-sm";

/** The undo banner's client part (see merge-undo-banner.tsx). */
export function MergeUndoNotice({ merge }: { merge: UndoableMerge | null }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [undone, setUndone] = useState<{ mergedId: string; label: string } | null>(null);

  if (undone) {
    return (
      <div
        role="status"
        data-testid="merge-undone"
        className={`${BANNER} border-green-200 bg-green-50 text-green-900`}
      >
        <p>Merge undone: {undone.label} is a separate contact again.</p>
        <Link
          href={`/contacts/${undone.mergedId}`}
          className="font-medium text-green-900 underline"
        >
          Open {undone.label}
        </Link>
      </div>
    );
  }
  if (!merge) return null;

  const undo = () =>
    startTransition(async () => {
      const result = await undoMergeAction(merge.id);
      if (result.ok) {
        setError(null);
        setUndone({ mergedId: merge.mergedId, label: merge.mergedLabel });
        router.refresh();
      } else setError(result.message);
    });

  return (
    <div
      data-testid="merge-undo-banner"
      className={`${BANNER} border-brand-100 bg-brand-50 text-zinc-800`}
    >
      <p>
        <strong className="font-semibold">{merge.mergedLabel}</strong> was merged into this contact
        on {formatDateTime(merge.mergedAt)}. You can undo it until {formatDateTime(merge.finalAt)}.
      </p>
      <div className="flex items-center gap-3">
        {error ? (
          <span role="alert" className="text-red-700">
            {error}
          </span>
        ) : null}
        <Button variant="secondary" onClick={undo} disabled={pending} data-testid="undo-merge">
          {pending ? "Undoing…" : "Undo merge"}
        </Button>
      </div>
    </div>
  );
}
