import type { Day, WeeklyHours } from "@/lib/verticals/content";
import { ZERO_INPUTS, type RollupInputs } from "./formulas";

// What one conversation counts for, and a day's totals. Pure: the rollup job loads a day's
// conversations (with `followedUp` computed in SQL) and hands them here, so the rules are tested
// without a database and a day gives the same totals whatever order its rows come in.

/**
 * The resolution window: a conversation counts as resolved by the agent when it finished, was not
 * handed to a person, and the same contact did not come back about the same question (any
 * channel) within this many hours of its start — a caller who has to ask again was not helped the
 * first time. "The same question" is same-question.ts: the learning signals' questions, by gap or
 * by the learning module's similarity; when Luneo cannot compare (no transcript, signals not built
 * yet) any contact within the window counts against the first conversation.
 */
export const RESOLUTION_WINDOW_HOURS = 72;
/** Days before a changed day whose conversations may change status (the window, rounded up). */
export const RESOLUTION_WINDOW_DAYS = Math.ceil(RESOLUTION_WINDOW_HOURS / 24);

export type ConversationFacts = {
  channel: "voice" | "sms" | "webchat";
  direction: "inbound" | "outbound" | null;
  status: string;
  startedAt: Date;
  durationSeconds: number | null;
  cost: number | null;
  endedReason: string | null;
  structuredData: Record<string, unknown> | null;
  successEvaluation: string | null;
  /** The same contact came back about the same question within the resolution window. */
  followedUp: boolean;
  /** A booking or order tool the agent called during the call succeeded (lib/agent-actions). */
  toolBooking: boolean;
  /** What Twilio charged for the call or the thread's messages, when its callbacks said. */
  telephonyCost: number;
};

export type DayContext = {
  timezone: string;
  /** The org's opening hours (the vertical's), or null when none are set: nothing is after hours. */
  hours: WeeklyHours | null;
  /** The keys of the trade's qualification questions. */
  qualificationKeys: readonly string[];
};

/** VAPI ends a transferred call with one of these; the agent's structured data may say so too. */
const ESCALATION_REASONS = /forward|transfer/i;
const ESCALATION_FLAGS = ["escalated", "transferred", "handedOver", "callbackRequested"];
/** Structured-data flags of a booking or an order handled (either spelling convention). */
const BOOKING_FLAGS = [
  "booked",
  "bookingConfirmed",
  "booking_confirmed",
  "viewingBooked",
  "viewing_booked",
  "appointmentBooked",
  "appointment_booked",
  "orderPlaced",
  "order_placed",
  "orderHandled",
  "order_handled",
];
const ORDER_KEYS = ["order_number", "orderNumber"];

const ANSWERED_STATUSES = new Set(["in-progress", "forwarding", "ended"]);

function answered(value: unknown): boolean {
  if (value === null || value === undefined || value === false) return false;
  if (typeof value === "string") return value.trim().length > 0;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

export function isEscalated(c: ConversationFacts): boolean {
  if (c.endedReason && ESCALATION_REASONS.test(c.endedReason)) return true;
  return ESCALATION_FLAGS.some((k) => c.structuredData?.[k] === true);
}

/** A qualified lead: at least half of the trade's qualification questions answered (rounded up). */
export function isQualifiedLead(c: ConversationFacts, keys: readonly string[]): boolean {
  if (keys.length === 0 || !c.structuredData) return false;
  const data = c.structuredData;
  const count = keys.filter((k) => answered(data[k])).length;
  return count >= Math.ceil(keys.length / 2);
}

/** A booking or an order: said by the call's structured data, or done by one of the agent's tools. */
export function isBooking(c: ConversationFacts): boolean {
  if (c.toolBooking) return true;
  const data = c.structuredData;
  if (!data) return false;
  return BOOKING_FLAGS.some((k) => data[k] === true) || ORDER_KEYS.some((k) => answered(data[k]));
}

/**
 * VAPI's `successEvaluation` follows the assistant's rubric: "true"/"false", "pass"/"fail", a
 * 1–5 or 1–10 score, or a percentage. Null when it says nothing recognisable.
 */
export function successOf(evaluation: string | null): boolean | null {
  if (!evaluation) return null;
  const text = evaluation.trim().toLowerCase();
  if (["true", "pass", "passed", "success", "successful", "yes"].includes(text)) return true;
  if (["false", "fail", "failed", "failure", "unsuccessful", "no"].includes(text)) return false;
  const n = Number(text.replace(/%$/, ""));
  if (!Number.isFinite(n) || n < 0) return null;
  if (n <= 5) return n >= 4;
  if (n <= 10) return n >= 7;
  if (n <= 100) return n >= 70;
  return null;
}

export function isResolved(c: ConversationFacts): boolean {
  const finished = c.channel === "voice" ? c.status === "ended" : true;
  return finished && !isEscalated(c) && !c.followedUp;
}

const WEEKDAYS: Record<string, Day> = {
  Mon: "mon",
  Tue: "tue",
  Wed: "wed",
  Thu: "thu",
  Fri: "fri",
  Sat: "sat",
  Sun: "sun",
};

/** The weekday and "HH:MM" of an instant in a time zone. */
export function localClock(at: Date, timezone: string): { day: Day; time: string } {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: timezone,
    weekday: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return { day: WEEKDAYS[get("weekday")] ?? "mon", time: `${get("hour")}:${get("minute")}` };
}

export function isAfterHours(at: Date, ctx: DayContext): boolean {
  if (!ctx.hours) return false;
  const { day, time } = localClock(at, ctx.timezone);
  return !ctx.hours[day].some((i) => i.open <= time && time < i.close);
}

/** The local calendar day ("YYYY-MM-DD") of an instant. */
export function localDay(at: Date, timezone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: timezone }).format(at);
}

const isAnsweredCall = (c: ConversationFacts) =>
  c.channel === "voice" && c.direction !== "outbound" && ANSWERED_STATUSES.has(c.status);

/** What one conversation counts for: the rollup sums these, the drill-down filters on them. */
export type ConversationClass = {
  /** Counted at all: every SMS or webchat conversation, and calls the agent answered. */
  counted: boolean;
  call: boolean;
  sms: boolean;
  afterHours: boolean;
  resolved: boolean;
  escalated: boolean;
  qualified: boolean;
  booking: boolean;
  /** null: no success evaluation to read. */
  successful: boolean | null;
};

export function classifyConversation(c: ConversationFacts, ctx: DayContext): ConversationClass {
  const call = isAnsweredCall(c);
  const counted = c.channel !== "voice" || call; // a call nobody answered, or one Luneo placed
  const escalated = counted && isEscalated(c);
  return {
    counted,
    call,
    sms: counted && c.channel === "sms",
    afterHours: call && isAfterHours(c.startedAt, ctx),
    escalated,
    resolved: counted && !escalated && isResolved(c),
    qualified: counted && isQualifiedLead(c, ctx.qualificationKeys),
    booking: counted && isBooking(c),
    successful: counted ? successOf(c.successEvaluation) : null,
  };
}

/** The totals of one day's conversations. Order-independent. */
export function rollupDay(rows: readonly ConversationFacts[], ctx: DayContext): RollupInputs {
  const out: RollupInputs = { ...ZERO_INPUTS };
  let costTenThousandths = 0;
  let telephonyTenThousandths = 0;
  let seconds = 0;
  for (const c of rows) {
    const k = classifyConversation(c, ctx);
    if (!k.counted) continue;
    out.conversations += 1;
    // Twilio's price counts for every conversation it was reported for (calls and SMS threads).
    const telephony = Math.round(c.telephonyCost * 10_000);
    telephonyTenThousandths += telephony;
    costTenThousandths += telephony;
    if (k.call) {
      out.callsAnswered += 1;
      if (k.afterHours) out.afterHoursCalls += 1;
      seconds += c.durationSeconds ?? 0;
      costTenThousandths += Math.round((c.cost ?? 0) * 10_000);
    }
    if (k.sms) out.smsHandled += 1;
    if (k.escalated) out.escalated += 1;
    if (k.resolved) out.resolved += 1;
    if (k.qualified) out.qualifiedLeads += 1;
    if (k.booking) out.bookings += 1;
    if (k.successful !== null) {
      out.evaluated += 1;
      if (k.successful) out.successful += 1;
    }
  }
  out.minutesHandled = Math.round((seconds / 60) * 100) / 100;
  out.agentCost = costTenThousandths / 10_000;
  out.telephonyCost = telephonyTenThousandths / 10_000;
  return out;
}
