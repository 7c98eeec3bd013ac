import { canonicalJson } from "@/lib/json";
import type { CallFacts, CallStatus, TranscriptTurn } from "./facts";

// How a call's state is folded from its provider events. Twilio status callbacks and VAPI server
// messages arrive as separate HTTP requests, so out of order and sometimes twice; the ingest job
// applies them with mergeCall, which is a join: commutative, associative and idempotent field by
// field, so any order of delivery (and any redelivery) ends in the same state.

/** What a conversation stores about its call. `from`/`to` are not here: the job resolves them to
 * the contact and the business number and stores those instead. */
export type CallState = Omit<CallFacts, "from" | "to">;

export const CALL_STATUS_RANK: Record<CallStatus, number> = {
  queued: 0,
  ringing: 1,
  "in-progress": 2,
  forwarding: 3,
  ended: 4,
};

/** Twilio CallStatus values after which nothing more happens to the call. */
export const TWILIO_TERMINAL_STATUSES = [
  "completed",
  "busy",
  "failed",
  "no-answer",
  "canceled",
] as const;
const twilioTerminal = new Set<string>(TWILIO_TERMINAL_STATUSES);

/** Twilio CallStatus → Luneo status. "answered" is not a CallStatus but a StatusCallbackEvent name
 * some integrations echo back; Twilio itself reports it as "in-progress". */
export function mapTwilioCallStatus(value: string | null | undefined): CallStatus | undefined {
  const v = value?.trim().toLowerCase();
  if (!v) return undefined;
  if (v === "queued" || v === "initiated") return "queued";
  if (v === "ringing") return "ringing";
  if (v === "in-progress" || v === "answered") return "in-progress";
  if (twilioTerminal.has(v)) return "ended";
  return undefined;
}

/** VAPI call.status / status-update status → Luneo status. "not-found" and "deletion-failed" are
 * API-side states, not steps of a call, so they map to nothing. */
export function mapVapiStatus(value: string | null | undefined): CallStatus | undefined {
  switch (value?.trim().toLowerCase()) {
    case "scheduled":
    case "queued":
      return "queued";
    case "ringing":
      return "ringing";
    case "in-progress":
      return "in-progress";
    case "forwarding":
      return "forwarding";
    case "ended":
      return "ended";
    default:
      return undefined;
  }
}

export function mergeCall(current: CallState, incoming: CallFacts): CallState {
  const next: CallState = {};
  const put = <K extends keyof CallState>(key: K, value: CallState[K] | undefined) => {
    if (value !== undefined) next[key] = value;
  };

  const status = pickStatus(current, incoming);
  put("status", status?.status);
  put("sequence", status?.sequence);
  put("statusAt", status?.statusAt);

  put("vapiCallId", pick(current.vapiCallId, incoming.vapiCallId, compareIdentity));
  put("twilioCallSid", pick(current.twilioCallSid, incoming.twilioCallSid, compareIdentity));
  put("direction", pick(current.direction, incoming.direction, compareIdentity));
  // Twilio's answer time and VAPI's startedAt differ by a few hundred ms: keep the earliest.
  put(
    "startedAt",
    pick(current.startedAt, incoming.startedAt, (a, b) => compareDates(b, a)),
  );
  put("endedAt", pick(current.endedAt, incoming.endedAt, compareDates));
  // Mid-call snapshots carry partial costs and durations; the final figure is the largest.
  put("durationSeconds", pick(current.durationSeconds, incoming.durationSeconds, compareNumbers));
  put("cost", pick(current.cost, incoming.cost, compareNumbers));
  put("costBreakdown", pick(current.costBreakdown, incoming.costBreakdown, compareObjects));
  put("endedReason", pick(current.endedReason, incoming.endedReason, compareEndedReasons));
  put("recordingUrl", pick(current.recordingUrl, incoming.recordingUrl, compareText));
  put("summary", pick(current.summary, incoming.summary, compareText));
  put("structuredData", pick(current.structuredData, incoming.structuredData, compareObjects));
  put(
    "successEvaluation",
    pick(current.successEvaluation, incoming.successEvaluation, compareText),
  );
  put("transcript", pick(current.transcript, incoming.transcript, compareTranscripts));
  return next;
}

type StatusPoint = { status: CallStatus; sequence?: number; statusAt?: Date };

// The status, its sequence and its time travel together: they describe one event, so a newer
// status that comes without a time (Twilio's voice webhook) drops the older status's time rather
// than wearing it. Ordered by
// rank, then Twilio's SequenceNumber (absent counts lowest), then time: a strict lexicographic
// order, so the winner does not depend on which event came first.
function pickStatus(a: CallState, b: CallFacts): StatusPoint | undefined {
  const pa = a.status
    ? { status: a.status, sequence: a.sequence, statusAt: a.statusAt }
    : undefined;
  const pb = b.status
    ? { status: b.status, sequence: b.sequence, statusAt: b.statusAt }
    : undefined;
  return pick(pa, pb, (x, y) => {
    const byRank = CALL_STATUS_RANK[x.status] - CALL_STATUS_RANK[y.status];
    if (byRank !== 0) return byRank;
    const bySequence = (x.sequence ?? -1) - (y.sequence ?? -1);
    if (bySequence !== 0) return bySequence;
    return (x.statusAt?.getTime() ?? -Infinity) - (y.statusAt?.getTime() ?? -Infinity) || 0;
  });
}

/** The greater of two values by `compare` (> 0 means a is better); either one when only one is
 * present, so a field is never cleared by an event that lacks it. */
function pick<T>(
  a: T | undefined,
  b: T | undefined,
  compare: (a: T, b: T) => number,
): T | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return compare(a, b) >= 0 ? a : b;
}

const compareNumbers = (a: number, b: number) => a - b;
const compareDates = (a: Date, b: Date) => a.getTime() - b.getTime();
const compareStrings = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
// Identifiers should agree; when they do not, the smaller wins so the result is still stable.
const compareIdentity = (a: string, b: string) => compareStrings(b, a);
// Longer text is richer (a summary regenerated after post-processing, a fuller URL).
const compareText = (a: string, b: string) => a.length - b.length || compareStrings(a, b);

// Twilio's terminal CallStatus stands in for an ended reason only until VAPI says why the call
// ended ("customer-ended-call" says more than "completed").
function compareEndedReasons(a: string, b: string): number {
  const weight = (r: string) => (twilioTerminal.has(r) ? 0 : 1);
  return weight(a) - weight(b) || compareText(a, b);
}

function compareObjects(a: Record<string, unknown>, b: Record<string, unknown>): number {
  const ja = canonicalJson(a);
  const jb = canonicalJson(b);
  return Object.keys(a).length - Object.keys(b).length || compareText(ja, jb);
}

// A later conversation-update or end-of-call-report carries more turns than an earlier one.
function compareTranscripts(a: TranscriptTurn[], b: TranscriptTurn[]): number {
  const chars = (t: TranscriptTurn[]) => t.reduce((n, turn) => n + turn.content.length, 0);
  return a.length - b.length || chars(a) - chars(b) || compareStrings(turnsKey(a), turnsKey(b));
}

const turnsKey = (turns: TranscriptTurn[]) =>
  JSON.stringify(
    turns.map((t) => [t.role, t.content, t.at?.getTime() ?? null, t.secondsFromStart ?? null]),
  );
