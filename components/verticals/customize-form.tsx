"use client";

import { useState, useTransition, type FormEvent, type ReactNode } from "react";
import { HoursEditor } from "@/components/onboarding/hours-editor";
import { Button } from "@/components/ui/button";
import { TextAreaField, TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import type { ActionResult } from "@/lib/errors";
import type { CustomizeInput } from "@/lib/onboarding/schemas";
import { saveCustomizationAction } from "@/lib/onboarding/server-actions";
import { jsonEqual } from "@/lib/json";
import { newEntryId, type KnowledgeItem } from "@/lib/verticals/customize-input";
import { EntryList, type EntryErrors } from "./entry-list";
import { QualificationFields, newQualification } from "./qualification-fields";
import { useHydrated } from "@/components/ui/use-hydrated";

type Result = ActionResult<{ saved: true }>;
type ListName = "knowledge" | "qualification";

/**
 * The server names list errors by index (`knowledge.3.question`) in the list it received; the form
 * keeps the list it sent, so errors stay on their entry even after entries move or go.
 */
function entryErrors(
  fieldErrors: Record<string, string[]> | undefined,
  sent: CustomizeInput | null,
  list: ListName,
): EntryErrors {
  return (entryId, field) => {
    const index = sent?.[list].findIndex((e) => e.id === entryId) ?? -1;
    if (!fieldErrors || index < 0) return [];
    const key = field ? `${list}.${index}.${field}` : `${list}.${index}`;
    return Object.entries(fieldErrors)
      .filter(([k]) => k === key || k.startsWith(`${key}.`))
      .flatMap(([, messages]) => messages);
  };
}

function Section({
  title,
  description,
  reset,
  children,
}: {
  title: string;
  description?: string;
  reset?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section className="space-y-3 border-b border-zinc-100 pb-6 last-of-type:border-0">
      <div className="flex items-start justify-between gap-4">
        <div>
          <h3 className="text-sm font-semibold text-zinc-900">{title}</h3>
          {description ? <p className="mt-0.5 text-sm text-zinc-500">{description}</p> : null}
        </div>
        {reset}
      </div>
      {children}
    </section>
  );
}

function ResetButton({
  what,
  testId,
  onReset,
}: {
  what: string;
  testId: string;
  onReset: () => void;
}) {
  return (
    <Button
      variant="ghost"
      className="shrink-0"
      data-testid={testId}
      aria-label={`Reset to template: ${what}`}
      onClick={onReset}
    >
      Reset to template
    </Button>
  );
}

/** "Make it yours": the wizard's third step and the settings page's editor of the same values. */
export function CustomizeForm({
  initial,
  defaults,
  submitLabel,
  onSaved,
  secondaryAction,
  learnedLabel = false,
}: {
  initial: CustomizeInput;
  /** The template's values: what each "Reset to template" puts back. */
  defaults: CustomizeInput;
  submitLabel: string;
  onSaved?: () => void;
  secondaryAction?: ReactNode;
  /** Label answers approved on /learning (while the learning flag is on for the org). */
  learnedLabel?: boolean;
}) {
  const [value, setValue] = useState(initial);
  const [result, setResult] = useState<Result | null>(null);
  const [sent, setSent] = useState<CustomizeInput | null>(null);
  const [pending, startTransition] = useTransition();
  const hydrated = useHydrated();
  const errors = result && !result.ok ? result.fieldErrors : undefined;
  const set = <K extends keyof CustomizeInput>(key: K, next: CustomizeInput[K]) =>
    setValue((v) => ({ ...v, [key]: next }));
  const reset = <K extends keyof CustomizeInput>(key: K) =>
    set(key, structuredClone(defaults[key]));

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const input = value;
    startTransition(async () => {
      const outcome = await saveCustomizationAction(input);
      setSent(input);
      setResult(outcome);
      if (outcome.ok) onSaved?.();
    });
  };

  return (
    <form onSubmit={submit} className="space-y-6" noValidate data-testid="customize-form">
      <Section
        title="Greeting"
        description="The first sentence of every call."
        reset={
          jsonEqual(value.greeting, defaults.greeting) ? null : (
            <ResetButton
              what="the greeting"
              testId="reset-greeting"
              onReset={() => reset("greeting")}
            />
          )
        }
      >
        <TextAreaField
          label="Greeting"
          name="greeting"
          value={value.greeting}
          maxLength={400}
          onChange={(e) => set("greeting", e.target.value)}
          hint="{{businessName}} is replaced by your business name."
          errors={errors?.greeting}
        />
      </Section>

      <Section
        title="Opening hours"
        description="Outside these hours the agent says you are closed and takes a message."
        reset={
          jsonEqual(value.hours, defaults.hours) ? null : (
            <ResetButton
              what="the opening hours"
              testId="reset-hours"
              onReset={() => reset("hours")}
            />
          )
        }
      >
        <HoursEditor
          value={value.hours}
          onChange={(hours) => set("hours", hours)}
          errors={errors}
          legend="Days and times"
        />
      </Section>

      <Section
        title="Starter knowledge"
        description="Questions callers ask and the answers the agent gives."
      >
        <EntryList<KnowledgeItem>
          name="knowledge"
          noun={{ one: "question", many: "questions" }}
          value={value.knowledge}
          defaults={defaults.knowledge}
          max={50}
          onChange={(knowledge) => set("knowledge", knowledge)}
          newEntry={() => ({ id: newEntryId(), question: "", answer: "" })}
          summary={(e) => e.question}
          errorsFor={entryErrors(errors, sent, "knowledge")}
          listErrors={errors?.knowledge}
          learnedLabel={learnedLabel}
          renderFields={(entry, number, update) => {
            const at = entryErrors(errors, sent, "knowledge");
            return (
              <>
                <TextField
                  label={`Question ${number}`}
                  value={entry.question}
                  maxLength={300}
                  onChange={(e) => update({ ...entry, question: e.target.value })}
                  errors={at(entry.id, "question")}
                />
                <TextAreaField
                  label={`Answer ${number}`}
                  value={entry.answer}
                  maxLength={2000}
                  rows={4}
                  onChange={(e) => update({ ...entry, answer: e.target.value })}
                  errors={at(entry.id, "answer")}
                />
              </>
            );
          }}
        />
      </Section>

      <Section
        title="Qualification questions"
        description="What the agent asks to qualify a caller, and the lead field each answer fills."
      >
        <EntryList
          name="qualification"
          noun={{ one: "qualification question", many: "qualification questions" }}
          value={value.qualification}
          defaults={defaults.qualification}
          max={20}
          onChange={(qualification) => set("qualification", qualification)}
          newEntry={newQualification}
          summary={(e) => e.question}
          errorsFor={entryErrors(errors, sent, "qualification")}
          listErrors={errors?.qualification}
          renderFields={(entry, number, update) => (
            <QualificationFields
              entry={entry}
              number={number}
              onChange={update}
              errorsFor={(field) => entryErrors(errors, sent, "qualification")(entry.id, field)}
            />
          )}
        />
      </Section>

      <FormMessage state={result} />
      {result?.ok ? (
        <p role="status" className="text-sm text-green-700">
          Saved.
        </p>
      ) : null}
      <div className="flex flex-wrap items-center gap-3">
        {secondaryAction}
        <Button type="submit" disabled={pending || !hydrated}>
          {pending ? "Saving…" : submitLabel}
        </Button>
      </div>
    </form>
  );
}
