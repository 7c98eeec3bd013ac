"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { TextAreaField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { promoteAnswerAction } from "@/lib/learning/promote/server-actions";

/** /staff/learning: answer a shared question once, for every org of the trade (a new template version). */
export function PromoteAnswerForm({
  vertical,
  language,
  question,
}: {
  vertical: string;
  language: string;
  question: string;
}) {
  const [state, action, pending] = useActionState(promoteAnswerAction, null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  const typed = state && !state.ok ? state.values : undefined;
  if (state?.ok) {
    return (
      <p role="status" className="mt-2 text-sm text-green-800">
        Added to version {state.data.version} of the {vertical} template. Orgs see it when they
        review their upgrade.
      </p>
    );
  }
  return (
    <details className="mt-2">
      <summary className="cursor-pointer text-sm text-brand-700">Answer for every org</summary>
      <form
        action={action}
        className="mt-2 grid gap-2"
        noValidate
        aria-label="Answer for every org"
      >
        <input type="hidden" name="vertical" value={vertical} />
        <input type="hidden" name="language" value={language} />
        <input type="hidden" name="question" value={question} />
        <TextAreaField
          label="Answer"
          name="answer"
          rows={3}
          defaultValue={typed?.answer ?? ""}
          errors={errors?.answer}
        />
        <FormMessage state={state} />
        <div>
          <Button type="submit" disabled={pending}>
            {pending ? "Publishing…" : "Add to a new template version"}
          </Button>
        </div>
      </form>
    </details>
  );
}
