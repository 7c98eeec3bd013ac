"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect } from "react";
import { Button } from "@/components/ui/button";
import { TextAreaField, TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import type { FormResult } from "@/lib/actions";
import { approveGapAction, dismissGapAction } from "@/lib/learning/server-actions";

type Result = FormResult<{ id: string }> | null;

/** Approve with an (edited) answer, or dismiss with a reason: an admin's decision on one gap. */
export function GapDecision({
  gapId,
  version,
  question,
  suggestion,
}: {
  gapId: string;
  version: number;
  question: string;
  suggestion: string | null;
}) {
  const router = useRouter();
  const [approved, approve, approving] = useActionState<Result, FormData>(
    (prev, form) => approveGapAction(gapId, prev, form),
    null,
  );
  const [dismissed, dismiss, dismissing] = useActionState<Result, FormData>(
    (prev, form) => dismissGapAction(gapId, prev, form),
    null,
  );
  const done = approved?.ok || dismissed?.ok;
  useEffect(() => {
    if (done) router.refresh();
  }, [done, router]);

  const typed = (state: Result, name: string) =>
    state && !state.ok ? state.values?.[name] : undefined;
  const errors = (state: Result, name: string) =>
    state && !state.ok ? state.fieldErrors?.[name] : undefined;

  return (
    <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
      <form action={approve} className="space-y-4" data-testid="approve-form">
        <input type="hidden" name="version" value={version} />
        <TextField
          label="Question, as callers ask it"
          name="question"
          defaultValue={typed(approved, "question") ?? question}
          maxLength={300}
          required
          errors={errors(approved, "question")}
        />
        <TextAreaField
          label="Answer the agent should give"
          name="answer"
          defaultValue={typed(approved, "answer") ?? suggestion ?? ""}
          maxLength={2000}
          rows={5}
          required
          hint={
            suggestion
              ? "Suggested from a later call where the agent did answer this. Check it before approving."
              : "Write it as the agent should say it on the phone: short and precise."
          }
          errors={errors(approved, "answer")}
        />
        <FormMessage state={approved} />
        <Button type="submit" disabled={approving}>
          {approving ? "Approving…" : "Approve and teach the agent"}
        </Button>
      </form>
      <form
        action={dismiss}
        className="space-y-4 rounded-lg bg-zinc-50 p-4"
        data-testid="dismiss-form"
      >
        <input type="hidden" name="version" value={version} />
        <TextField
          label="Not a question for the agent? Say why"
          name="reason"
          defaultValue={typed(dismissed, "reason") ?? ""}
          maxLength={300}
          placeholder="e.g. Only the owner answers this"
          errors={errors(dismissed, "reason")}
        />
        <FormMessage state={dismissed} />
        <Button type="submit" variant="secondary" disabled={dismissing}>
          {dismissing ? "Dismissing…" : "Dismiss"}
        </Button>
      </form>
    </div>
  );
}
