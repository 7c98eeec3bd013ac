"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import type { ActionResult } from "@/lib/errors";
import { saveRoiAction } from "@/lib/onboarding/server-actions";
import type { RoiAssumptions } from "@/lib/verticals/content";
import { useHydrated } from "@/components/ui/use-hydrated";

const CURRENCIES = ["USD", "EUR", "GBP", "CAD", "AUD", "CHF"];
const EXAMPLE_CALLS = 200;

/** Step 5: the assumptions behind the ROI widget, prefilled from the template. */
export function RoiForm({
  initial,
  defaults,
}: {
  initial: RoiAssumptions;
  defaults: RoiAssumptions;
}) {
  const router = useRouter();
  // Numbers are edited as text so a half-typed value ("1.") is not rewritten under the cursor.
  const [value, setValue] = useState({
    ...initial,
    minutesPerCall: String(initial.minutesPerCall),
    loadedHourlyCost: String(initial.loadedHourlyCost),
    valuePerOutcome: String(initial.valuePerOutcome),
  });
  const [result, setResult] = useState<ActionResult<unknown> | null>(null);
  const [pending, start] = useTransition();
  const hydrated = useHydrated();
  const errors = result && !result.ok ? (result.fieldErrors ?? {}) : {};
  const numbers = {
    minutesPerCall: Number(value.minutesPerCall),
    loadedHourlyCost: Number(value.loadedHourlyCost),
    valuePerOutcome: Number(value.valuePerOutcome),
  };
  const money = (n: number) =>
    Number.isFinite(n)
      ? new Intl.NumberFormat("en", {
          style: "currency",
          currency: value.currency,
          maximumFractionDigits: 0,
        }).format(n)
      : "—";
  const hours = (EXAMPLE_CALLS * numbers.minutesPerCall) / 60;
  const field = (key: "minutesPerCall" | "loadedHourlyCost" | "valuePerOutcome") => ({
    value: value[key],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) =>
      setValue((prev) => ({ ...prev, [key]: e.target.value })),
    errors: errors[key],
    inputMode: "decimal" as const,
    name: key,
  });

  return (
    <form
      data-testid="roi-form"
      className="space-y-6"
      onSubmit={(event) => {
        event.preventDefault();
        start(async () => {
          const saved = await saveRoiAction({
            ...value,
            ...numbers,
            outcomeLabel: value.outcomeLabel,
          });
          setResult(saved);
          if (saved.ok) router.push("/onboarding/done");
        });
      }}
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          label="Minutes a person spends on one call"
          hint={`Template: ${defaults.minutesPerCall} min`}
          {...field("minutesPerCall")}
        />
        <TextField
          label="Cost of one hour of that person"
          hint={`Salary and charges; template: ${defaults.loadedHourlyCost}`}
          {...field("loadedHourlyCost")}
        />
        <TextField
          label="The outcome that earns you money"
          hint={`Template: “${defaults.outcomeLabel}”`}
          name="outcomeLabel"
          value={value.outcomeLabel}
          onChange={(e) => setValue((prev) => ({ ...prev, outcomeLabel: e.target.value }))}
          errors={errors.outcomeLabel}
        />
        <TextField
          label={`What one ${value.outcomeLabel || "outcome"} is worth`}
          hint={`Template: ${defaults.valuePerOutcome}`}
          {...field("valuePerOutcome")}
        />
        <SelectField
          label="Currency"
          name="currency"
          value={value.currency}
          errors={errors.currency}
          onChange={(e) => setValue((prev) => ({ ...prev, currency: e.target.value }))}
        >
          {[...new Set([value.currency, ...CURRENCIES])].map((c) => (
            <option key={c}>{c}</option>
          ))}
        </SelectField>
      </div>
      <p className="rounded-lg bg-brand-50 p-4 text-sm text-brand-900" aria-live="polite">
        With these figures, {EXAMPLE_CALLS} calls a month answered by the agent save{" "}
        <strong>{Number.isFinite(hours) ? hours.toFixed(0) : "—"} hours</strong> of work, worth{" "}
        <strong>{money(hours * numbers.loadedHourlyCost)}</strong>, and every{" "}
        {value.outcomeLabel || "outcome"} adds <strong>{money(numbers.valuePerOutcome)}</strong>.
        The ROI widget will use your real calls.
      </p>
      <FormMessage state={result} />
      <div className="flex items-center justify-between border-t border-zinc-100 pt-5">
        <Link href="/onboarding/connect" className="text-sm text-zinc-600 hover:text-zinc-900">
          ← Back
        </Link>
        <Button type="submit" disabled={pending || !hydrated}>
          {pending ? "Saving…" : "Save and continue"}
        </Button>
      </div>
    </form>
  );
}
