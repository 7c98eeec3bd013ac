import { z } from "zod";
import { roiAssumptionSetSchema } from "./assumptions";
import { daysBetween } from "./days";
import { FORMULAS } from "./formulas";

// The inputs of the ROI module: its settings (the assumptions form), adopting a formula, and the
// range the overview and the API read.

export const roiSettingsSchema = roiAssumptionSetSchema;
export type RoiSettingsInput = z.infer<typeof roiSettingsSchema>;

export const adoptFormulaSchema = z.object({
  version: z.coerce
    .number("Choose a formula version.")
    .int("Choose a formula version.")
    .refine((v) => FORMULAS.some((f) => f.version === v), "There is no formula of that version."),
});

/** A range covers at most a year (366 days, so a leap year fits). */
export const MAX_RANGE_DAYS = 366;
export const GRANULARITIES = ["day", "week", "month"] as const;
export type Granularity = (typeof GRANULARITIES)[number];

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

const isoDay = (what: string) =>
  z
    .string(`Give the ${what} day as YYYY-MM-DD.`)
    .regex(/^\d{4}-\d{2}-\d{2}$/, { message: `Give the ${what} day as YYYY-MM-DD.`, abort: true })
    .refine(
      (d) =>
        !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) &&
        new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
      `The ${what} day is not a calendar day.`,
    );

export const roiRangeSchema = z
  .object({
    from: isoDay("first"),
    to: isoDay("last"),
    granularity: z.enum(GRANULARITIES, "Choose day, week or month.").default("day"),
  })
  .superRefine((r, ctx) => {
    if (!ISO_DAY.test(r.from) || !ISO_DAY.test(r.to)) return;
    if (r.to < r.from) {
      ctx.addIssue({
        code: "custom",
        path: ["to"],
        message: "The last day comes before the first.",
      });
    } else if (daysBetween(r.from, r.to) + 1 > MAX_RANGE_DAYS) {
      ctx.addIssue({ code: "custom", path: ["to"], message: "Choose a range of at most a year." });
    }
  });
export type RoiRange = z.infer<typeof roiRangeSchema>;

/** The figures a drill-down lists the conversations of (classify.ts `ConversationClass`). */
export const DRILL_OUTCOMES = [
  "all",
  "calls",
  "sms",
  "after-hours",
  "office",
  "resolved",
  "escalated",
  "other",
  "qualified",
  "bookings",
  "successful",
  "evaluated",
] as const;
export type DrillOutcome = (typeof DRILL_OUTCOMES)[number];

/** The drill-down's own parameters (its range is `roiRangeSchema`). */
export const drilldownSchema = z.object({
  outcome: z.enum(DRILL_OUTCOMES, "Choose which conversations to list.").default("all"),
  /** The last row of the previous page: its start (ISO) and id. */
  cursor: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z_[0-9a-f-]{36}$/i, "This page link is not valid any more.")
    .optional(),
});
export type DrilldownInput = z.infer<typeof drilldownSchema>;
