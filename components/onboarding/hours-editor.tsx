"use client";

import { clsx } from "clsx";
import { useId, useRef } from "react";
import { Button } from "@/components/ui/button";
import { DAYS, type Day, type OpeningInterval, type WeeklyHours } from "@/lib/verticals/content";
import { DAY_NAMES } from "@/lib/verticals/hours-text";

const WEEKDAYS: readonly Day[] = ["tue", "wed", "thu", "fri"];

/** The schema allows 4 intervals a day; the editor offers a day with one break, which is what shops have. */
const MAX_INTERVALS = 2;
const DEFAULT_DAY: OpeningInterval[] = [{ open: "09:00", close: "17:00" }];

const toMinutes = (clock: string) => {
  const [h, m] = clock.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};
const toClock = (minutes: number) => {
  const m = Math.max(0, Math.min(minutes, 23 * 60 + 59));
  return `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
};

/**
 * "Add a break" on a day with one interval: a lunch break (12:00–13:00) when it fits inside, else a
 * second interval an hour after the first closes. The person adjusts the times afterwards.
 */
function withBreak(intervals: OpeningInterval[]): OpeningInterval[] {
  const [only] = intervals;
  if (intervals.length !== 1 || !only) return [...intervals, { ...DEFAULT_DAY[0]! }];
  if (only.open < "12:00" && only.close > "13:00") {
    return [
      { open: only.open, close: "12:00" },
      { open: "13:00", close: only.close },
    ];
  }
  const start = toMinutes(only.close) + 60;
  return [only, { open: toClock(start), close: toClock(start + 120) }];
}

/** Errors for one day: `hours.mon`, `hours.mon.0`, `hours.mon.0.close`… */
function errorsFor(errors: Record<string, string[]> | undefined, key: string): string[] {
  if (!errors) return [];
  return Object.entries(errors)
    .filter(([k]) => k === key || k.startsWith(`${key}.`))
    .flatMap(([, messages]) => messages);
}

export function HoursEditor({
  value,
  onChange,
  errors,
  errorPrefix = "hours",
  legend = "Opening hours",
}: {
  value: WeeklyHours;
  onChange: (next: WeeklyHours) => void;
  errors?: Record<string, string[]>;
  errorPrefix?: string;
  legend?: string;
}) {
  const id = useId();
  // What a day held before it was closed, so ticking "Open" again brings those hours back.
  const remembered = useRef<Partial<Record<Day, OpeningInterval[]>>>({});
  const setDay = (day: Day, intervals: OpeningInterval[]) =>
    onChange({ ...value, [day]: intervals });

  const toggle = (day: Day, open: boolean) => {
    if (open) {
      setDay(day, remembered.current[day] ?? DEFAULT_DAY.map((i) => ({ ...i })));
    } else {
      remembered.current[day] = value[day];
      setDay(day, []);
    }
  };
  const setTime = (day: Day, index: number, which: keyof OpeningInterval, clock: string) =>
    setDay(
      day,
      value[day].map((interval, i) => (i === index ? { ...interval, [which]: clock } : interval)),
    );
  const copyMonday = () => {
    const next = { ...value };
    for (const day of WEEKDAYS) next[day] = value.mon.map((i) => ({ ...i }));
    onChange(next);
  };
  const formErrors = errors?.[errorPrefix] ?? [];

  return (
    <fieldset
      className="space-y-3"
      aria-describedby={formErrors.length ? `${id}-error` : undefined}
    >
      <legend className="text-sm font-medium text-zinc-800">{legend}</legend>
      {formErrors.length ? (
        <p id={`${id}-error`} className="text-sm text-red-700">
          {formErrors.join(" ")}
        </p>
      ) : null}
      <div className="divide-y divide-zinc-100 rounded-md border border-zinc-200">
        {DAYS.map((day) => {
          const name = DAY_NAMES[day];
          const intervals = value[day];
          const open = intervals.length > 0;
          const dayErrors = errorsFor(errors, `${errorPrefix}.${day}`);
          const errorId = `${id}-${day}-error`;
          return (
            <div
              key={day}
              role="group"
              aria-labelledby={`${id}-${day}`}
              aria-describedby={dayErrors.length ? errorId : undefined}
              className="grid gap-2 px-3 py-2.5 sm:grid-cols-[7rem_5.5rem_1fr] sm:items-start"
              data-testid={`hours-${day}`}
            >
              <span id={`${id}-${day}`} className="pt-1.5 text-sm font-medium text-zinc-900">
                {name}
              </span>
              <label className="flex items-center gap-2 pt-1.5 text-sm text-zinc-700">
                <input
                  type="checkbox"
                  checked={open}
                  onChange={(e) => toggle(day, e.target.checked)}
                  className="size-4 rounded border-zinc-300 accent-brand-600"
                />
                Open<span className="sr-only"> on {name}</span>
              </label>
              <div className="space-y-2">
                {open ? (
                  intervals.map((interval, index) => {
                    const invalid = errorsFor(errors, `${errorPrefix}.${day}.${index}`).length > 0;
                    // Labels stay distinct so "Monday opens" names exactly one control.
                    const label = index === 0 ? name : `${name}, interval ${index + 1},`;
                    return (
                      <div key={index} className="flex flex-wrap items-center gap-2">
                        <TimeInput
                          label={`${label} opens`}
                          value={interval.open}
                          invalid={invalid}
                          describedBy={dayErrors.length ? errorId : undefined}
                          onChange={(clock) => setTime(day, index, "open", clock)}
                        />
                        <span aria-hidden className="text-sm text-zinc-500">
                          –
                        </span>
                        <TimeInput
                          label={`${label} closes`}
                          value={interval.close}
                          invalid={invalid}
                          describedBy={dayErrors.length ? errorId : undefined}
                          onChange={(clock) => setTime(day, index, "close", clock)}
                        />
                        {index > 0 ? (
                          <Button
                            variant="ghost"
                            className="px-2 py-1"
                            aria-label={`Remove ${name} interval ${index + 1}`}
                            onClick={() =>
                              setDay(
                                day,
                                intervals.filter((_, i) => i !== index),
                              )
                            }
                          >
                            Remove
                          </Button>
                        ) : null}
                        {index === intervals.length - 1 && intervals.length < MAX_INTERVALS ? (
                          <Button
                            variant="ghost"
                            className="px-2 py-1"
                            aria-label={`Add a break on ${name}`}
                            onClick={() => setDay(day, withBreak(intervals))}
                          >
                            + Add a break
                          </Button>
                        ) : null}
                      </div>
                    );
                  })
                ) : (
                  <p className="pt-1.5 text-sm text-zinc-500">Closed</p>
                )}
                {dayErrors.length ? (
                  <p id={errorId} className="text-sm text-red-700">
                    {[...new Set(dayErrors)].join(" ")}
                  </p>
                ) : null}
              </div>
            </div>
          );
        })}
      </div>
      <Button variant="secondary" onClick={copyMonday} data-testid="copy-monday">
        Copy Monday to weekdays
      </Button>
    </fieldset>
  );
}

function TimeInput({
  label,
  value,
  invalid,
  describedBy,
  onChange,
}: {
  label: string;
  value: string;
  invalid: boolean;
  describedBy?: string;
  onChange: (clock: string) => void;
}) {
  return (
    <input
      type="time"
      aria-label={label}
      value={value}
      required
      aria-invalid={invalid || undefined}
      aria-describedby={describedBy}
      onChange={(e) => onChange(e.target.value)}
      className={clsx(
        "rounded-md border bg-white px-2 py-1.5 text-sm shadow-xs",
        invalid ? "border-red-400" : "border-zinc-300",
      )}
    />
  );
}
