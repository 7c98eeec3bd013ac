import type { OpenItem } from "@/db/schema";

// contact_memory.agentBrief: the part of VAPI's assistant-request answer that comes from memory,
// computed whenever memory changes so the call-time answer reads one row and formats nothing.
// Its keys are the assistant variables they become (lib/verticals/assistant-overrides.ts).

export type AgentBrief = {
  /** The contact's name, or the name a caller gave in a conversation. */
  customerName: string;
  customerSummary: string;
  customerOpenItems: string;
  customerFacts: string;
};

export const BRIEF_OPEN_ITEMS_MAX_CHARS = 500;
export const BRIEF_FACTS_MAX_CHARS = 600;
/** Open items kept on a contact, newest first. */
export const MAX_CONTACT_OPEN_ITEMS = 10;

const NAME_KEYS = ["name", "customer_name", "caller_name", "full_name"];

/** Joined with `separator`, whole entries only, within `max` characters. */
function joinWithin(parts: readonly string[], separator: string, max: number): string {
  let text = "";
  for (const part of parts) {
    const next = text ? `${text}${separator}${part}` : part;
    if (next.length > max) break;
    text = next;
  }
  return text;
}

export function computeAgentBrief(input: {
  contactName: string | null;
  summary: string;
  openItems: readonly OpenItem[];
  facts: readonly { key: string; value: string }[];
  /** The vertical's lead field keys, in the order its questions are asked. */
  qualificationKeys: readonly string[];
}): AgentBrief {
  const rank = (key: string) => {
    const i = input.qualificationKeys.indexOf(key);
    return i === -1 ? input.qualificationKeys.length : i;
  };
  const facts = [...input.facts].sort(
    (a, b) => rank(a.key) - rank(b.key) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
  const learntName = NAME_KEYS.map((k) => input.facts.find((f) => f.key === k)?.value).find(
    Boolean,
  );
  return {
    customerName: input.contactName?.trim() || learntName || "",
    customerSummary: input.summary,
    customerOpenItems: joinWithin(
      input.openItems.map((i) => i.text),
      "; ",
      BRIEF_OPEN_ITEMS_MAX_CHARS,
    ),
    customerFacts: joinWithin(
      facts.filter((f) => !NAME_KEYS.includes(f.key)).map((f) => `${f.key}: ${f.value}`),
      "; ",
      BRIEF_FACTS_MAX_CHARS,
    ),
  };
}

/** Open items of other conversations plus this one's, newest first, at most 10. */
export function mergeOpenItems(
  current: readonly OpenItem[],
  conversationId: string,
  fresh: readonly OpenItem[],
): OpenItem[] {
  return [...current.filter((i) => i.conversationId !== conversationId), ...fresh]
    .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0))
    .slice(0, MAX_CONTACT_OPEN_ITEMS);
}
