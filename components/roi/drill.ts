import type { DrillOutcome } from "@/lib/roi/schemas";

// Where a figure of the overview leads: the list of the conversations it counts.

/** The drill-down's address for a figure over a range. */
export function drillHref(range: { from: string; to: string }, outcome: DrillOutcome = "all") {
  const query = new URLSearchParams({ from: range.from, to: range.to, outcome });
  return `/dashboard/conversations?${query.toString()}`;
}

/** What each list is, in words (its heading). */
export const DRILL_TITLES: Record<DrillOutcome, string> = {
  all: "Conversations handled",
  calls: "Calls answered",
  sms: "SMS threads handled",
  "after-hours": "Calls answered while you were closed",
  office: "Calls answered while you were open",
  resolved: "Conversations resolved by the agent",
  escalated: "Conversations handed to a person",
  other: "Conversations followed up or still open",
  qualified: "Qualified leads",
  bookings: "Bookings and orders handled",
  successful: "Calls VAPI judged successful",
  evaluated: "Calls with a success evaluation",
};
