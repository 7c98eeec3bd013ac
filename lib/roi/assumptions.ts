import { z } from "zod";
import type { RoiAssumptions, VerticalContent } from "@/lib/verticals/content";

// The numbers an org's figures are made of. The first five are the trade's (the vertical
// template's `roi`, edited in the wizard's "What it's worth" step); the last three are the ROI
// engine's own, with defaults that add nothing the owner did not say (docs/adr/0017).

export const OUTCOME_SOURCES = ["qualified_leads", "bookings"] as const;
export type OutcomeSource = (typeof OUTCOME_SOURCES)[number];

export const roiAssumptionSetSchema = z.object({
  currency: z.string().regex(/^[A-Z]{3}$/, "Use a three-letter currency code such as USD."),
  /** Minutes a person would spend on one conversation the agent handles. */
  minutesPerCall: z.number().min(0, "Use 0 or more.").max(240, "Use at most 240 minutes."),
  /** What one hour of that person costs the business, all included. */
  loadedHourlyCost: z.number().min(0, "Use 0 or more.").max(10_000, "Use at most 10,000."),
  /** The outcome worth money in this trade: "qualified lead", "saved order"… */
  outcomeLabel: z
    .string()
    .trim()
    .min(1, "Say what the outcome is.")
    .max(60, "Use at most 60 characters."),
  valuePerOutcome: z.number().min(0, "Use 0 or more.").max(1_000_000, "Use at most 1,000,000."),
  /** Which counted fact is the trade's outcome. */
  outcomeSource: z.enum(OUTCOME_SOURCES, "Choose what counts as an outcome."),
  /** A call answered while the business is closed, which would otherwise have been missed. */
  afterHoursCallValue: z.number().min(0, "Use 0 or more.").max(100_000, "Use at most 100,000."),
  /** What the business pays for Luneo per month (spread evenly over the days of a year). */
  platformFeeMonthly: z.number().min(0, "Use 0 or more.").max(1_000_000, "Use at most 1,000,000."),
});
export type RoiAssumptionSet = z.infer<typeof roiAssumptionSetSchema>;

/** Real estate values qualified leads; a shop values the orders its agent saves. */
export function outcomeSourceOf(slug: string | null | undefined): OutcomeSource {
  return slug === "ecommerce" ? "bookings" : "qualified_leads";
}

/** The first assumption set of an org: its trade's figures, nothing invented beside them. */
export function assumptionsFromTrade(
  roi: RoiAssumptions,
  slug: string | null | undefined,
): RoiAssumptionSet {
  return {
    currency: roi.currency,
    minutesPerCall: roi.minutesPerCall,
    loadedHourlyCost: roi.loadedHourlyCost,
    outcomeLabel: roi.outcomeLabel,
    valuePerOutcome: roi.valuePerOutcome,
    outcomeSource: outcomeSourceOf(slug),
    afterHoursCallValue: 0,
    platformFeeMonthly: 0,
  };
}

/** Before any trade is chosen: zeros, so a figure never pretends to know what it does not. */
export const EMPTY_ASSUMPTIONS: RoiAssumptionSet = {
  currency: "USD",
  minutesPerCall: 0,
  loadedHourlyCost: 0,
  outcomeLabel: "outcome",
  valuePerOutcome: 0,
  outcomeSource: "qualified_leads",
  afterHoursCallValue: 0,
  platformFeeMonthly: 0,
};

/** The qualification keys of a resolved vertical (what counts as a qualified lead). */
export function qualificationKeysOf(resolved: VerticalContent | null): string[] {
  if (!resolved) return [];
  return Object.values(resolved.qualification).map((q) => q.field.key);
}
