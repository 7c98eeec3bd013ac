"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { useHydrated } from "@/components/ui/use-hydrated";
import type { ActionResult } from "@/lib/errors";
import type { RoiAssumptionSet } from "@/lib/roi/assumptions";
import { saveRoiSettingsAction } from "@/lib/roi/server-actions";

const CURRENCIES = ["USD", "EUR", "GBP", "CAD", "AUD", "CHF"];
const NUMBER_FIELDS = [
  "minutesPerCall",
  "loadedHourlyCost",
  "valuePerOutcome",
  "afterHoursCallValue",
  "platformFeeMonthly",
] as const;
type NumberField = (typeof NUMBER_FIELDS)[number];

/** Settings → ROI: the assumptions behind the overview, in force from today once saved. */
export function RoiSettingsForm({ initial, today }: { initial: RoiAssumptionSet; today: string }) {
  const router = useRouter();
  // Numbers are edited as text so a half-typed value ("1.") is not rewritten under the cursor.
  const [value, setValue] = useState<
    Record<NumberField, string> & Omit<RoiAssumptionSet, NumberField>
  >({
    ...initial,
    ...(Object.fromEntries(NUMBER_FIELDS.map((k) => [k, String(initial[k])])) as Record<
      NumberField,
      string
    >),
  });
  const [result, setResult] = useState<ActionResult<unknown> | null>(null);
  const [pending, start] = useTransition();
  const hydrated = useHydrated();
  const errors = result && !result.ok ? (result.fieldErrors ?? {}) : {};
  const number = (key: NumberField, label: string, hint: string) => (
    <TextField
      label={label}
      hint={hint}
      name={key}
      inputMode="decimal"
      value={value[key]}
      errors={errors[key]}
      onChange={(e) => setValue((prev) => ({ ...prev, [key]: e.target.value }))}
    />
  );
  return (
    <form
      data-testid="roi-settings-form"
      className="space-y-6"
      onSubmit={(event) => {
        event.preventDefault();
        start(async () => {
          const numbers = Object.fromEntries(
            NUMBER_FIELDS.map((k) => [k, value[k].trim() === "" ? Number.NaN : Number(value[k])]),
          );
          const saved = await saveRoiSettingsAction({ ...value, ...numbers });
          setResult(saved);
          if (saved.ok) router.refresh();
        });
      }}
    >
      <div className="grid gap-4 sm:grid-cols-2">
        {number(
          "minutesPerCall",
          "Minutes a person spends on one call",
          "What the agent saves per conversation",
        )}
        {number("loadedHourlyCost", "Cost of one hour of that person", "Salary and charges")}
        <TextField
          label="The outcome that earns you money"
          hint="“qualified lead”, “saved order”…"
          name="outcomeLabel"
          value={value.outcomeLabel}
          errors={errors.outcomeLabel}
          onChange={(e) => setValue((prev) => ({ ...prev, outcomeLabel: e.target.value }))}
        />
        {number(
          "valuePerOutcome",
          `What one ${value.outcomeLabel || "outcome"} is worth`,
          "On average, to your business",
        )}
        <SelectField
          label="What counts as that outcome"
          name="outcomeSource"
          value={value.outcomeSource}
          errors={errors.outcomeSource}
          onChange={(e) =>
            setValue((prev) => ({
              ...prev,
              outcomeSource: e.target.value as RoiAssumptionSet["outcomeSource"],
            }))
          }
        >
          <option value="qualified_leads">
            A caller who answered your qualification questions
          </option>
          <option value="bookings">A booking made or an order handled</option>
        </SelectField>
        {number(
          "afterHoursCallValue",
          "What a call answered while closed is worth",
          "A call you would otherwise have missed; 0 to leave it out",
        )}
        {number(
          "platformFeeMonthly",
          "What you pay for Luneo each month",
          "Spread evenly over the days",
        )}
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
      <p className="rounded-lg bg-brand-50 p-4 text-sm text-brand-900">
        Saved figures apply from today ({today}) on. Earlier days keep the figures they were
        computed with, so last month&rsquo;s value does not change behind your back.
      </p>
      <FormMessage state={result} />
      <div className="flex justify-end border-t border-zinc-100 pt-5">
        <Button type="submit" disabled={pending || !hydrated}>
          {pending ? "Saving…" : "Save from today"}
        </Button>
      </div>
    </form>
  );
}
