"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect } from "react";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import type { FormResult } from "@/lib/actions";
import { mergeGapsAction, snoozeGapAction, unsnoozeGapAction } from "@/lib/learning/server-actions";

type Result = FormResult<{ id: string }> | null;
type Target = { id: string; question: string; signalCount: number; version: number };

const errorsOf = (state: Result, name: string) =>
  state && !state.ok ? state.fieldErrors?.[name] : undefined;

/** Snooze until a day (or wake a snoozed gap), and merge into another gap: an open gap's other actions. */
export function GapReviewActions({
  gapId,
  version,
  snoozedUntil,
  tomorrow,
  targets,
}: {
  gapId: string;
  version: number;
  /** The day it is snoozed until, in words, when it is. */
  snoozedUntil: string | null;
  /** The first day a snooze may end (YYYY-MM-DD). */
  tomorrow: string;
  targets: Target[];
}) {
  const router = useRouter();
  const [snoozed, snooze, snoozing] = useActionState<Result, FormData>(
    (prev, form) => (snoozedUntil ? unsnoozeGapAction : snoozeGapAction)(gapId, prev, form),
    null,
  );
  const [merged, merge, merging] = useActionState<Result, FormData>((prev, form) => {
    const target = targets.find((t) => t.id === form.get("into"));
    if (target) form.set("intoVersion", String(target.version));
    return mergeGapsAction(gapId, prev, form);
  }, null);
  useEffect(() => {
    if (snoozed?.ok) router.refresh();
  }, [snoozed, router]);

  return (
    <div className="grid gap-6 md:grid-cols-2">
      <form action={snooze} className="space-y-3" data-testid="snooze-form">
        <input type="hidden" name="version" value={version} />
        {snoozedUntil ? (
          <p className="text-sm text-zinc-700">
            Snoozed until {snoozedUntil}: it comes back to the list then, with any new questions.
          </p>
        ) : (
          <TextField
            label="Snooze until"
            type="date"
            name="until"
            min={tomorrow}
            defaultValue={snoozed && !snoozed.ok ? snoozed.values?.until : undefined}
            required
            hint="It leaves the list until that day and keeps gathering questions."
            errors={errorsOf(snoozed, "until")}
          />
        )}
        <FormMessage state={snoozed} />
        <Button type="submit" variant="secondary" disabled={snoozing}>
          {snoozedUntil ? "Bring back now" : snoozing ? "Snoozing…" : "Snooze"}
        </Button>
      </form>
      <form action={merge} className="space-y-3" data-testid="merge-form">
        <input type="hidden" name="version" value={version} />
        {targets.length === 0 ? (
          <p className="text-sm text-zinc-500">No other open gap in this language to merge with.</p>
        ) : (
          <>
            <SelectField
              label="Same question as another gap? Merge into it"
              name="into"
              required
              defaultValue=""
              errors={errorsOf(merged, "into")}
            >
              <option value="" disabled>
                Choose a gap (most similar first)
              </option>
              {targets.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.question.length > 90 ? `${t.question.slice(0, 89)}…` : t.question} (
                  {t.signalCount}×)
                </option>
              ))}
            </SelectField>
            <FormMessage state={merged} />
            <Button type="submit" variant="secondary" disabled={merging}>
              {merging ? "Merging…" : "Merge into that gap"}
            </Button>
          </>
        )}
      </form>
    </div>
  );
}
