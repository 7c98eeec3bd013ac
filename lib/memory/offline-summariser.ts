import {
  factsFromStructuredData,
  factsFromTranscript,
  firstRequest,
  openItemsFromTranscript,
} from "./extract";
import {
  boundDraft,
  composeRollingSummary,
  firstSentences,
  SUMMARY_MAX_CHARS,
  type ConversationForMemory,
  type DraftFact,
  type MemoryDraft,
  type MemoryTurn,
  type Summariser,
} from "./summariser";

// The summariser that always works: deterministic, no network, the same draft for the same input.
// VAPI's own analysis (summary, structuredData) wins where it exists; the transcript fills in.

// A transcript is read up to these bounds: enough for any real call or thread, and a cap on the
// work a pathological one can cause.
const MAX_TURNS = 400;
const MAX_TURN_CHARS = 2_000;

const LEADS: Record<ConversationForMemory["channel"], string> = {
  voice: "The caller said",
  sms: "By text, the caller wrote",
  webchat: "In the chat, the visitor wrote",
};
function summaryOf(input: ConversationForMemory, turns: MemoryTurn[], items: string[]): string {
  const vapi = input.analysis?.summary?.trim();
  if (vapi) return firstSentences(vapi, 3, SUMMARY_MAX_CHARS);
  const request = firstRequest(turns, 300);
  if (!request) return "";
  const quoted = `${LEADS[input.channel]}: "${request}"`;
  const followUp = items[0] ? ` Follow-up: ${items[0].replace(/[.!]+$/, "")}.` : "";
  return `${quoted}${followUp}`;
}

/**
 * A conversation with no word from the caller and no analysis from VAPI (a call hung up while
 * ringing, a silent line, a status callback with nothing after it). It teaches memory nothing:
 * "a call with no recorded words" said again for every such call drowned what the agent hears.
 */
export function isWordless(input: ConversationForMemory): boolean {
  return (
    !input.analysis?.summary?.trim() &&
    Object.keys(input.analysis?.structuredData ?? {}).length === 0 &&
    !input.turns.some((t) => t.role === "user" && String(t.content ?? "").trim())
  );
}

export function summariseOffline(input: ConversationForMemory): MemoryDraft {
  if (isWordless(input)) {
    // No summary, facts or open items of its own; the rolling summary is the other conversations'.
    return boundDraft({
      source: "offline",
      summary: "",
      facts: [],
      openItems: [],
      rollingSummary: composeRollingSummary(input.memory.previousSummaries, input.timeZone),
    });
  }
  const turns = input.turns
    .slice(-MAX_TURNS)
    .map((t) => ({ role: t.role, content: String(t.content ?? "").slice(0, MAX_TURN_CHARS) }));
  const openItems = openItemsFromTranscript(turns);
  const facts: DraftFact[] = [
    ...factsFromStructuredData(input.analysis?.structuredData ?? {}, input.qualificationFields).map(
      (f) => ({ ...f, source: "vapi" as const }),
    ),
    ...factsFromTranscript(turns, input.qualificationFields).map((f) => ({
      ...f,
      source: "offline" as const,
    })),
  ];
  const summary = summaryOf(input, turns, openItems);
  const rollingSummary = composeRollingSummary(
    [{ at: input.at, channel: input.channel, summary }, ...input.memory.previousSummaries],
    input.timeZone,
  );
  // boundDraft keeps the first fact of a key: VAPI's structured data before the transcript's.
  return boundDraft({ source: "offline", summary, facts, openItems, rollingSummary });
}

export const offlineSummariser: Summariser = {
  name: "offline",
  summarise: async (input) => summariseOffline(input),
};
