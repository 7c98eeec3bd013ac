import type { MemorySource, OpenItem } from "@/db/schema";

// What a summariser reads and writes. Two implementations: the offline one (deterministic, no
// network) and an OpenAI-compatible LLM that falls back to it. Everything a summariser returns
// goes through `boundDraft`, so the job never stores more than these bounds, whoever wrote it.

export const SUMMARY_MAX_CHARS = 500;
export const ROLLING_SUMMARY_MAX_CHARS = 600;
/** One conversation's line in the rolling summary. */
const ROLLING_ENTRY_MAX_CHARS = 240;
export const MAX_FACTS_PER_CONVERSATION = 20;
export const FACT_KEY_MAX_CHARS = 40;
export const FACT_VALUE_MAX_CHARS = 200;
export const MAX_OPEN_ITEMS_PER_CONVERSATION = 5;
export const OPEN_ITEM_MAX_CHARS = 160;

export type MemoryChannel = "voice" | "sms" | "webchat";
export type MemoryTurn = { role: "user" | "assistant" | "system" | "tool"; content: string };

/** A lead field of the org's vertical (org_verticals.resolved → qualification → field). */
export type QualificationFieldRef = {
  key: string;
  label: string;
  type: "choice" | "text" | "number" | "date";
  options?: string[];
  unit?: string;
};

/** A conversation of the same contact the memory job already summarised. */
export type PreviousSummary = { at: Date; channel: MemoryChannel; summary: string };

export type KnownFact = { key: string; value: string; source: MemorySource };

export type ConversationForMemory = {
  channel: MemoryChannel;
  /** When it happened: the call's end, or the thread's last message. */
  at: Date;
  /** The org's IANA time zone (dates in the rolling summary are the business's days). */
  timeZone: string;
  turns: MemoryTurn[];
  /** VAPI's post-call analysis, when it sent one. */
  analysis: { summary: string | null; structuredData: Record<string, unknown> | null } | null;
  /**
   * What Luneo remembers of the contact from its *other* conversations. This conversation's own
   * earlier contribution is left out, so summarising it again cannot count it twice.
   */
  memory: { previousSummaries: PreviousSummary[]; openItems: OpenItem[]; facts: KnownFact[] };
  qualificationFields: QualificationFieldRef[];
};

export type DraftFact = { key: string; value: string; source: "vapi" | "offline" | "llm" };

export type MemoryDraft = {
  /** Who wrote `summary` and the facts it learnt from the transcript. */
  source: "offline" | "llm";
  /** This conversation in 1–3 sentences. */
  summary: string;
  facts: DraftFact[];
  /** What was promised and is still to do ("Call the caller back tomorrow"). */
  openItems: string[];
  /** The contact across conversations, most recent first. */
  rollingSummary: string;
};

export interface Summariser {
  name: "offline" | "llm";
  summarise(input: ConversationForMemory): Promise<MemoryDraft>;
}

const collapse = (text: string) => text.replace(/\s+/g, " ").trim();

/** `text` cut to `max` characters, at a word boundary when one is near, with an ellipsis. */
export function clip(text: string, max: number): string {
  const flat = collapse(text);
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  // Cut inside a word: back to the last space, unless that loses too much.
  const space = flat[max - 1] === " " ? cut.length : cut.lastIndexOf(" ");
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/, "")}…`;
}

/** Sentences of `text` (split after . ! ? followed by a space). */
export function sentences(text: string): string[] {
  return (
    collapse(text)
      // After the closing quote of a quoted sentence too: 'said: "Is it free?" Then…' is two.
      .split(/(?<=[.!?]["'”’)\]]*)\s+(?=\S)/)
      .map((s) => s.trim())
      .filter(Boolean)
  );
}

/** The first `count` sentences of `text`, within `max` characters. */
export function firstSentences(text: string, count: number, max: number): string {
  const kept: string[] = [];
  for (const sentence of sentences(text).slice(0, count)) {
    if (kept.length > 0 && [...kept, sentence].join(" ").length > max) break;
    kept.push(sentence);
  }
  return clip(kept.join(" "), max);
}

/** `orderNumber`, "Order number", "order-number" → `order_number`; null when nothing is left. */
export function normaliseFactKey(raw: string): string | null {
  const key = raw
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, FACT_KEY_MAX_CHARS)
    .replace(/_+$/, "");
  if (!key) return null;
  return /^[a-z]/.test(key) ? key : `f_${key}`.slice(0, FACT_KEY_MAX_CHARS);
}

/** The qualification field a key or label names (budget, "Order number"…), if any. */
export function matchQualificationKey(
  raw: string,
  fields: readonly QualificationFieldRef[],
): string | null {
  const key = normaliseFactKey(raw);
  if (!key) return null;
  const field = fields.find((f) => f.key === key || normaliseFactKey(f.label) === key);
  return field?.key ?? null;
}

const CHANNEL_WORDS: Record<MemoryChannel, string> = {
  voice: "call",
  sms: "SMS",
  webchat: "chat",
};

const dayFormats = new Map<string, Intl.DateTimeFormat>();
function dayOf(at: Date, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone });
    } catch {
      format = new Intl.DateTimeFormat("en-GB", {
        day: "numeric",
        month: "short",
        timeZone: "UTC",
      });
    }
    dayFormats.set(timeZone, format);
  }
  return Number.isNaN(at.getTime()) ? "?" : format.format(at);
}

/** How two sentences compare: case, spacing and closing punctuation aside. */
export const sentenceKey = (sentence: string) =>
  collapse(sentence)
    .toLowerCase()
    .replace(/[.!?…]+$/, "");

/** The sentences not in `said` (nor repeated among themselves), each added to `said`. */
function unsaid(list: string[], said: Set<string>): string[] {
  const fresh: string[] = [];
  for (const sentence of list) {
    const key = sentenceKey(sentence);
    if (!key || said.has(key)) continue;
    said.add(key);
    fresh.push(sentence);
  }
  return fresh;
}

/** `text` with every sentence after its first occurrence removed. */
export function withoutRepeatedSentences(text: string): string {
  return unsaid(sentences(text), new Set()).join(" ");
}

/**
 * The contact's rolling summary: one line per conversation ("16 Nov (call): …"), most recent
 * first, older lines dropped when the next would not fit. A pure function of the stored
 * per-conversation summaries, so rebuilding it gives the same text.
 */
export function composeRollingSummary(
  entries: readonly PreviousSummary[],
  timeZone: string,
): string {
  // The agent hears this at the start of every call: a sentence already said (by a more recent
  // conversation, or earlier in the same one) is not said again, and a conversation with nothing
  // new to add has no line.
  const said = new Set<string>();
  const lines: string[] = [];
  for (const e of [...entries]
    .filter((e) => e.summary.trim())
    .sort((a, b) => b.at.getTime() - a.at.getTime())) {
    const fresh = unsaid(sentences(firstSentences(e.summary, 2, ROLLING_ENTRY_MAX_CHARS)), said);
    // Each line ends a sentence, so the next line's first sentence is not read as part of it.
    const body = fresh.join(" ").replace(/([^.!?…"'”’)\]])$/, "$1.");
    if (fresh.length) lines.push(`${dayOf(e.at, timeZone)} (${CHANNEL_WORDS[e.channel]}): ${body}`);
  }
  let text = "";
  for (const line of lines) {
    const next = text ? `${text} ${line}` : line;
    if (next.length > ROLLING_SUMMARY_MAX_CHARS) break;
    text = next;
  }
  return text || clip(lines[0] ?? "", ROLLING_SUMMARY_MAX_CHARS);
}

/** Any fact value as the text stored (numbers and booleans spelt out; lists joined). */
export function factValueText(value: unknown): string | null {
  if (typeof value === "string") return collapse(value) ? clip(value, FACT_VALUE_MAX_CHARS) : null;
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : null;
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (Array.isArray(value)) {
    const parts = value.map(factValueText).filter((v): v is string => Boolean(v));
    return parts.length ? clip(parts.join(", "), FACT_VALUE_MAX_CHARS) : null;
  }
  return null;
}

/**
 * The draft within every bound: summary ≤ 500 chars, rolling summary ≤ 600, at most 20 facts with
 * snake_case keys (first one of a key wins) and 200-char values, at most 5 distinct open items.
 */
export function boundDraft(draft: MemoryDraft): MemoryDraft {
  const facts: DraftFact[] = [];
  const seen = new Set<string>();
  for (const fact of draft.facts) {
    const key = normaliseFactKey(fact.key);
    const value = factValueText(fact.value);
    if (!key || !value || seen.has(key)) continue;
    seen.add(key);
    facts.push({ key, value, source: fact.source });
    if (facts.length >= MAX_FACTS_PER_CONVERSATION) break;
  }
  const openItems: string[] = [];
  for (const item of draft.openItems) {
    const text = clip(item, OPEN_ITEM_MAX_CHARS);
    if (!text || openItems.some((o) => o.toLowerCase() === text.toLowerCase())) continue;
    openItems.push(text);
    if (openItems.length >= MAX_OPEN_ITEMS_PER_CONVERSATION) break;
  }
  return {
    source: draft.source,
    summary: clip(draft.summary, SUMMARY_MAX_CHARS),
    facts,
    openItems,
    // An LLM's rolling summary is held to the same rule as the composed one: no sentence twice.
    rollingSummary: clip(withoutRepeatedSentences(draft.rollingSummary), ROLLING_SUMMARY_MAX_CHARS),
  };
}
