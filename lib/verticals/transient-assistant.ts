import type { KnowledgeBaseDeclaration } from "@/lib/learning/knowledge-base";
import { assistantDefaultsFor } from "./assistant-defaults";
import type { AssistantOverrides, AssistantVariableValues } from "./assistant-overrides";

// The whole assistant VAPI's assistant-request is answered with when the org has no assistant of
// its own in VAPI (no Assistant ID on the Channels page): VAPI accepts a transient assistant
// (`{"assistant": {...}}`) in place of an `assistantId`. Everything the agent needs is written
// out here — the first message, and a system prompt from the persona, hours, knowledge,
// qualification, escalation and the caller's memory — from the same values `assistantOverridesFor`
// computes for an org's own assistant, so both modes say the same things. Pure: no I/O.

/** What Luneo turns on in VAPI when nothing else says which server messages to send. */
const DEFAULT_SERVER_MESSAGES = [
  "status-update",
  "end-of-call-report",
  "conversation-update",
  "hang",
];

/** VAPI refuses assistant names longer than this. */
const NAME_MAX = 40;

export type TransientAssistant = {
  name: string;
  firstMessage: string;
  firstMessageMode: "assistant-speaks-first";
  model: {
    provider: string;
    model: string;
    temperature: number;
    messages: { role: "system"; content: string }[];
    /** The org's approved answers as a custom knowledge base (lib/learning/knowledge-base.ts). */
    knowledgeBase?: KnowledgeBaseDeclaration;
  };
  voice: { provider: string; voiceId: string };
  transcriber: { provider: string; model: string; language: string };
  serverMessages: string[];
  endCallMessage: string;
  silenceTimeoutSeconds: number;
  maxDurationSeconds: number;
  metadata: { luneo: true; luneoContactId: string };
};

const languageNames = new Intl.DisplayNames(["en"], { type: "language" });
function languageName(tag: string): string {
  try {
    return languageNames.of(tag) ?? tag;
  } catch {
    return tag;
  }
}

function section(title: string, body: string | undefined): string | null {
  return body?.trim() ? `## ${title}\n${body.trim()}` : null;
}

/** The system prompt: who the agent is, what it knows, what it asks, when it hands over, who calls. */
export function systemPromptFrom(v: AssistantVariableValues): string {
  const caller = v.customerKnown
    ? [
        `This caller is known to ${v.businessName}${v.customerName ? `: ${v.customerName}` : ""}.`,
        v.lastInteractionAt ? `Last contact: ${v.lastInteractionAt}.` : null,
        v.customerSummary ? `What was said before: ${v.customerSummary}` : null,
        v.customerOpenItems ? `Still to do for them: ${v.customerOpenItems}` : null,
        v.customerFacts ? `What they told you before: ${v.customerFacts}` : null,
        "Use this naturally; do not read it out, and do not ask again for what you already know.",
      ]
        .filter(Boolean)
        .join("\n")
    : "A first-time caller: there is no record of this number. Ask for their name when it fits.";
  const hours =
    v.openingHours !== undefined
      ? `${v.openingHours}. The business is ${v.openNow ? "open" : "closed"} right now.`
      : undefined;
  return [
    `You answer the phone for ${v.businessName}.`,
    v.persona ??
      "Be warm and brief. Take the caller's name and the reason for their call, and tell them the team will call back.",
    v.language
      ? `Speak ${languageName(v.language)}, in short spoken sentences.`
      : "Speak in short spoken sentences.",
    "Never invent facts, prices or availability: when you do not know, say you will pass the question on.",
    section("Opening hours", hours),
    section("What you know (answer from this)", v.knowledge),
    section(
      "Questions to qualify the caller (one at a time, when they fit)",
      v.qualificationQuestions,
    ),
    section("When to hand over to a person", v.escalationRules),
    section("The caller", caller),
  ]
    .filter(Boolean)
    .join("\n\n");
}

/**
 * The transient assistant for one call, from the overrides Luneo computes for the call (first
 * message and variables), the trade's serverMessages and the trade's model and voice defaults.
 */
export function transientAssistantFrom(
  overrides: AssistantOverrides,
  trade: { templateSlug: string | null; serverMessages: readonly string[] | null },
): TransientAssistant {
  const v = overrides.variableValues;
  const defaults = assistantDefaultsFor(trade.templateSlug, v.language ?? "en-US");
  const name =
    v.businessName.length > NAME_MAX ? v.businessName.slice(0, NAME_MAX) : v.businessName;
  return {
    name: name.trim() || "Luneo agent",
    firstMessage:
      overrides.firstMessage ?? `Hello, you have reached ${v.businessName}. How can I help you?`,
    firstMessageMode: "assistant-speaks-first",
    model: {
      ...defaults.model,
      messages: [{ role: "system", content: systemPromptFrom(v) }],
    },
    voice: defaults.voice,
    transcriber: defaults.transcriber,
    // "assistant-request" is the phone number's message (it is what is being answered): VAPI's
    // assistant refuses it among its serverMessages, so the trade's list goes without it.
    serverMessages: (trade.serverMessages ?? DEFAULT_SERVER_MESSAGES).filter(
      (m) => m !== "assistant-request",
    ),
    endCallMessage: `Thank you for calling ${v.businessName}. Goodbye!`,
    silenceTimeoutSeconds: defaults.silenceTimeoutSeconds,
    maxDurationSeconds: defaults.maxDurationSeconds,
    metadata: { luneo: true, luneoContactId: v.luneoContactId },
  };
}
