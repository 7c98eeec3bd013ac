import { addDays, monthOf } from "./days";
import type { Granularity } from "./schemas";

// The overview's range picker: presets resolved against the org's today, or a custom range.

export const PRESETS = {
  "7d": "Last 7 days",
  "30d": "Last 30 days",
  "90d": "Last 90 days",
  month: "This month",
  custom: "Custom",
} as const;
export type Preset = keyof typeof PRESETS;

export type RangeChoice = { preset: Preset; from: string; to: string; granularity: Granularity };

const DEFAULT_GRANULARITY: Record<Exclude<Preset, "custom">, Granularity> = {
  "7d": "day",
  "30d": "day",
  "90d": "week",
  month: "day",
};

/** What the page's query string asks for; anything unknown falls back to the last 7 days. */
export function rangeFromParams(
  params: Record<string, string | string[] | undefined>,
  today: string,
): { preset: Preset; from: string; to: string; granularity: string | undefined } {
  const one = (k: string) => {
    const v = params[k];
    return Array.isArray(v) ? v[0] : v;
  };
  const raw = one("range");
  const preset: Preset = raw && raw in PRESETS ? (raw as Preset) : "7d";
  const granularity = one("granularity");
  if (preset === "custom") {
    return { preset, from: one("from") ?? addDays(today, -6), to: one("to") ?? today, granularity };
  }
  const from =
    preset === "month"
      ? monthOf(today)
      : addDays(today, -({ "7d": 7, "30d": 30, "90d": 90 }[preset] - 1));
  return { preset, from, to: today, granularity: granularity ?? DEFAULT_GRANULARITY[preset] };
}
