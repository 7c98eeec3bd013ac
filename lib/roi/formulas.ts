import type { RoiAssumptionSet } from "./assumptions";

// The ROI formulas: immutable versions in code (docs/adr/0017). A published version is never
// changed — a better idea is a new version, which orgs are offered with a side-by-side of what it
// would have said, and adopt from a day on. Every computed day stores the version it used.

/** The facts of one local day (or the sum of several), read from the org's conversations. */
export type RollupInputs = {
  /** Conversations started that day on any channel. */
  conversations: number;
  /** Inbound calls the agent answered. */
  callsAnswered: number;
  /** Of those, calls answered while the business was closed (its opening hours). */
  afterHoursCalls: number;
  /** Minutes the agent spent on calls. */
  minutesHandled: number;
  /** SMS threads the agent handled. */
  smsHandled: number;
  /** Conversations resolved by the agent (lib/roi/classify.ts says what counts). */
  resolved: number;
  /** Conversations handed to a person. */
  escalated: number;
  /** Conversations in which the trade's qualification questions were answered. */
  qualifiedLeads: number;
  /** Bookings made or orders handled, from the call's structured data. */
  bookings: number;
  /** Conversations with a success evaluation (VAPI's), and those judged successful. */
  evaluated: number;
  successful: number;
  /**
   * What the conversations cost at the providers: VAPI's `cost` (its `costBreakdown` summed, its
   * own telephony included) plus Twilio's price when its callbacks carried one.
   */
  agentCost: number;
  /** Of `agentCost`, Twilio's part (shown in the breakdown; not a term of its own). */
  telephonyCost: number;
};

export const INPUT_KEYS = [
  "conversations",
  "callsAnswered",
  "afterHoursCalls",
  "minutesHandled",
  "smsHandled",
  "resolved",
  "escalated",
  "qualifiedLeads",
  "bookings",
  "evaluated",
  "successful",
  "agentCost",
  "telephonyCost",
] as const satisfies readonly (keyof RollupInputs)[];
export type InputKey = (typeof INPUT_KEYS)[number];

export const ZERO_INPUTS: RollupInputs = Object.fromEntries(
  INPUT_KEYS.map((k) => [k, 0]),
) as RollupInputs;

/** The terms of the figure, each in the org's currency and positive: value terms, then costs. */
export type RoiTerms = {
  timeSaved: number;
  outcomes: number;
  afterHours: number;
  agentCost: number;
  platformFee: number;
};
export const VALUE_TERMS = ["timeSaved", "outcomes", "afterHours"] as const;
export const COST_TERMS = ["agentCost", "platformFee"] as const;
export const TERM_KEYS = [...VALUE_TERMS, ...COST_TERMS] as const;

export type RoiFormula = {
  version: number;
  name: string;
  /** The formula in words, for the overview's "how is this computed". */
  words: string;
  /** What each term is, in words, given the assumptions in force. */
  termWords: (a: RoiAssumptionSet) => Record<keyof RoiTerms, string>;
  /** Terms of one day (not rounded). */
  terms: (inputs: RollupInputs, a: RoiAssumptionSet) => RoiTerms;
};

/** The platform fee of one day: a month's fee × 12 / 365, the same every day of the year. */
export const dailyFee = (a: RoiAssumptionSet) => (a.platformFeeMonthly * 12) / 365;

const outcomesOf = (inputs: RollupInputs, a: RoiAssumptionSet) =>
  a.outcomeSource === "bookings" ? inputs.bookings : inputs.qualifiedLeads;

const commonWords = (a: RoiAssumptionSet) => ({
  outcomes: `each ${a.outcomeLabel} (${a.outcomeSource === "bookings" ? "a booking or order handled" : "the qualification questions answered"}) × ${a.valuePerOutcome} ${a.currency}`,
  afterHours: `each call answered while you were closed × ${a.afterHoursCallValue} ${a.currency}`,
  agentCost: "what the calls cost at the voice provider, telephony included",
  platformFee: `${a.platformFeeMonthly} ${a.currency} a month, spread over the days`,
});

const v1: RoiFormula = {
  version: 1,
  name: "Time, outcomes and after-hours calls",
  words:
    "Every conversation the agent handled saves the minutes a person would have spent on it, at that person's hourly cost; each outcome of your trade is worth its value; each call answered while you were closed is worth what a missed call would have lost. The calls' cost and Luneo's fee are taken off.",
  termWords: (a) => ({
    timeSaved: `each conversation handled × ${a.minutesPerCall} min ÷ 60 × ${a.loadedHourlyCost} ${a.currency} an hour`,
    ...commonWords(a),
  }),
  terms: (i, a) => ({
    timeSaved: (i.callsAnswered + i.smsHandled) * (a.minutesPerCall / 60) * a.loadedHourlyCost,
    outcomes: outcomesOf(i, a) * a.valuePerOutcome,
    afterHours: i.afterHoursCalls * a.afterHoursCallValue,
    agentCost: i.agentCost,
    platformFee: dailyFee(a),
  }),
};

// v2 (2026-12): a conversation the agent handed to a person, or that the caller had to follow up
// within the resolution window, did not save that person's time — v1 counted it anyway. v2 counts
// time saved on resolved conversations only; the other terms are v1's.
const v2: RoiFormula = {
  version: 2,
  name: "Time saved on resolved conversations only",
  words:
    "Every conversation the agent resolved on its own saves the minutes a person would have spent on it, at that person's hourly cost (conversations handed over or followed up count for nothing); each outcome of your trade is worth its value; each call answered while you were closed is worth what a missed call would have lost. The calls' cost and Luneo's fee are taken off.",
  termWords: (a) => ({
    timeSaved: `each conversation resolved by the agent × ${a.minutesPerCall} min ÷ 60 × ${a.loadedHourlyCost} ${a.currency} an hour`,
    ...commonWords(a),
  }),
  terms: (i, a) => ({
    ...v1.terms(i, a),
    timeSaved: i.resolved * (a.minutesPerCall / 60) * a.loadedHourlyCost,
  }),
};

export const FORMULAS: readonly RoiFormula[] = [v1, v2];
export const LATEST_FORMULA = FORMULAS.at(-1)!;

export function formulaOf(version: number): RoiFormula {
  const formula = FORMULAS.find((f) => f.version === version);
  if (!formula) throw new Error(`unknown ROI formula version ${version}`);
  return formula;
}

const cents = (n: number) => Math.round(n * 100) / 100;

export type DayFigure = { terms: RoiTerms; value: number; cost: number; net: number };

/**
 * The figure of one day, each term rounded to the cent first so that a range's figure — the sum
 * of its days' stored terms — is exactly what the days say.
 */
export function computeDay(
  formula: RoiFormula,
  inputs: RollupInputs,
  assumptions: RoiAssumptionSet,
): DayFigure {
  const raw = formula.terms(inputs, assumptions);
  const terms = Object.fromEntries(TERM_KEYS.map((k) => [k, cents(raw[k])])) as RoiTerms;
  return figureOf(terms);
}

export function figureOf(terms: RoiTerms): DayFigure {
  const value = cents(VALUE_TERMS.reduce((s, k) => s + terms[k], 0));
  const cost = cents(COST_TERMS.reduce((s, k) => s + terms[k], 0));
  return { terms, value, cost, net: cents(value - cost) };
}

/** Sums days' terms (to the cent) and recomputes the totals from them. */
export function sumFigures(days: readonly { terms: RoiTerms }[]): DayFigure {
  const terms = Object.fromEntries(
    TERM_KEYS.map((k) => [k, cents(days.reduce((s, d) => s + d.terms[k], 0))]),
  ) as RoiTerms;
  return figureOf(terms);
}

export function sumInputs(days: readonly RollupInputs[]): RollupInputs {
  const out = { ...ZERO_INPUTS };
  for (const d of days) for (const k of INPUT_KEYS) out[k] += d[k];
  out.minutesHandled = cents(out.minutesHandled);
  out.agentCost = Math.round(out.agentCost * 10_000) / 10_000;
  out.telephonyCost = Math.round(out.telephonyCost * 10_000) / 10_000;
  return out;
}
