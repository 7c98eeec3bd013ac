"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect, useRef, useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import type { FormResult } from "@/lib/actions";
import { decideGapsAction } from "@/lib/learning/server-actions";

type Result = FormResult<{ decided: number }> | null;

const boxesOf = (form: HTMLFormElement | null) =>
  form ? [...form.querySelectorAll<HTMLInputElement>('input[name="gaps[]"]')] : [];

/**
 * The review list as one form: each row's checkbox (name `gaps[]`, value "id:version", rendered by
 * the page) and a toolbar to approve the chosen gaps with their suggested answers or dismiss them
 * with one reason. Native checkboxes and buttons, so it works from the keyboard as it does by mouse.
 */
export function GapBulkForm({ children }: { children: ReactNode }) {
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);
  const [chosen, setChosen] = useState(0);
  const [total, setTotal] = useState(0);
  const [state, decide, deciding] = useActionState<Result, FormData>(decideGapsAction, null);

  const recount = () => {
    const boxes = boxesOf(form.current);
    setTotal(boxes.length);
    setChosen(boxes.filter((b) => b.checked).length);
  };
  useEffect(recount, [children]);
  useEffect(() => {
    if (state?.ok) {
      for (const box of boxesOf(form.current)) box.checked = false;
      recount();
      router.refresh();
    }
  }, [state, router]);

  const chooseAll = (checked: boolean) => {
    for (const box of boxesOf(form.current)) box.checked = checked;
    recount();
  };
  const typedReason = state && !state.ok ? state.values?.reason : undefined;
  const reasonErrors = state && !state.ok ? state.fieldErrors?.reason : undefined;

  return (
    <form ref={form} action={decide} onChange={recount} data-testid="bulk-form">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-3 border-b border-zinc-100 bg-zinc-50 px-5 py-3">
        <label className="flex items-center gap-2 text-sm text-zinc-700">
          <input
            type="checkbox"
            className="size-4 rounded border-zinc-300"
            checked={total > 0 && chosen === total}
            ref={(el) => {
              if (el) el.indeterminate = chosen > 0 && chosen < total;
            }}
            onChange={(e) => chooseAll(e.target.checked)}
          />
          Choose all on this page
        </label>
        <span aria-live="polite" className="text-sm text-zinc-600 tabular-nums">
          {chosen} chosen
        </span>
        <div className="flex flex-wrap items-center gap-2 sm:ml-auto">
          <Button type="submit" name="decision" value="approve" disabled={deciding || chosen === 0}>
            Approve suggested answers
          </Button>
          <label className="sr-only" htmlFor="bulk-reason">
            Reason for dismissing the chosen gaps
          </label>
          <input
            id="bulk-reason"
            name="reason"
            defaultValue={typedReason ?? ""}
            maxLength={300}
            placeholder="Reason to dismiss"
            aria-invalid={reasonErrors?.length ? true : undefined}
            aria-describedby={reasonErrors?.length ? "bulk-reason-error" : undefined}
            className="w-44 rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm"
          />
          <Button
            type="submit"
            variant="secondary"
            name="decision"
            value="dismiss"
            disabled={deciding || chosen === 0}
          >
            Dismiss
          </Button>
        </div>
        <p className="w-full text-xs text-zinc-500">
          Approving applies the suggested answer shown under each chosen gap; open a gap without one
          to write its answer.
        </p>
        {reasonErrors?.length ? (
          <p id="bulk-reason-error" className="w-full text-sm text-red-700">
            {reasonErrors.join(" ")}
          </p>
        ) : null}
        <div className="w-full empty:hidden">
          <FormMessage state={state} />
          {state?.ok ? (
            <p role="status" className="text-sm text-emerald-700">
              {state.data.decided} {state.data.decided === 1 ? "gap" : "gaps"} decided.
            </p>
          ) : null}
        </div>
      </div>
      {children}
    </form>
  );
}
