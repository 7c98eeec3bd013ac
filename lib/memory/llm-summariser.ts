import { z } from "zod";
import {
  failureReason,
  providerHost,
  ProviderError,
  requestJsonCompletion,
  type ProviderConfig,
} from "@/lib/http/openai-compatible";
import { log } from "@/lib/log";
import { factsFromStructuredData } from "./extract";
import { summariseOffline } from "./offline-summariser";
import {
  boundDraft,
  composeRollingSummary,
  firstSentences,
  ROLLING_SUMMARY_MAX_CHARS,
  SUMMARY_MAX_CHARS,
  type ConversationForMemory,
  type DraftFact,
  type MemoryDraft,
  type Summariser,
} from "./summariser";

// An OpenAI-compatible Chat Completions provider (OpenAI, Azure OpenAI, Mistral, a local vLLM or
// Ollama…): POST {baseUrl}/chat/completions with a JSON-object response format. Whatever goes
// wrong with it — HTTP error, timeout, a reply that is not the JSON asked for — the offline
// summariser answers instead, in the same job attempt: memory never waits on, or fails because
// of, a third party. Job retries are for the database.

/** Default timeout 15 s: a summary is not urgent, but a hung provider must not hold the job. */
export type LlmConfig = ProviderConfig;

/** A reply larger than this is not a summary: refuse it rather than parse it. */
const MAX_REPLY_BYTES = 256 * 1024;
/** What of the transcript is sent: the end of a very long thread matters most. */
const MAX_TRANSCRIPT_CHARS = 24_000;

const INSTRUCTIONS = `You maintain the memory a small business keeps about one customer, from their phone calls and text messages with the business's AI receptionist.
You receive one conversation (JSON). Answer with one JSON object and nothing else:
{"summary": string, "facts": [{"key": string, "value": string}], "openItems": [string], "rollingSummary": string}
- summary: this conversation in 1 to 3 short sentences, in the third person ("The caller…"). Plain text.
- facts: what the customer stated about themselves or their request. Use the keys of "qualificationFields" when a fact answers one of them (e.g. budget, area, order_number), otherwise short snake_case keys. Values are short text; amounts as plain numbers. Never invent facts; leave out anything unsure.
- openItems: what the business promised or still has to do for the customer ("Call the caller back tomorrow", "Send the brochure"), as short tasks. Empty when nothing is pending.
- rollingSummary: who this customer is and what they want across all their conversations, most recent first, at most ${ROLLING_SUMMARY_MAX_CHARS} characters. Build it from "previousSummaries" and this conversation.
Write in the language of the conversation.`;

const replySchema = z.object({
  summary: z.string().trim().min(1).max(4_000),
  facts: z
    .array(
      z.object({
        key: z.string().trim().min(1).max(200),
        value: z.union([z.string(), z.number(), z.boolean()]).transform(String),
      }),
    )
    .max(100),
  openItems: z.array(z.string().trim().min(1).max(1_000)).max(50),
  rollingSummary: z.string().trim().max(8_000),
});
/** The provider refused or answered something unusable (lib/http/openai-compatible.ts). */
export { ProviderError as LlmProviderError };

function transcriptOf(input: ConversationForMemory) {
  const turns = input.turns
    .filter((t) => t.role === "user" || t.role === "assistant")
    .map((t) => ({ role: t.role === "user" ? "customer" : "agent", text: t.content }));
  let size = 0;
  const kept: typeof turns = [];
  for (const turn of turns.toReversed()) {
    size += turn.text.length;
    if (size > MAX_TRANSCRIPT_CHARS && kept.length > 0) break;
    kept.unshift(turn);
  }
  return kept;
}

function promptOf(input: ConversationForMemory): string {
  return JSON.stringify({
    channel: input.channel,
    date: input.at.toISOString(),
    transcript: transcriptOf(input),
    vapiAnalysis: input.analysis,
    qualificationFields: input.qualificationFields.map((f) => ({
      key: f.key,
      label: f.label,
      ...(f.options ? { options: f.options } : {}),
      ...(f.unit ? { unit: f.unit } : {}),
    })),
    knownFacts: input.memory.facts.map((f) => ({ key: f.key, value: f.value })),
    openItems: input.memory.openItems.map((i) => i.text),
    previousSummaries: input.memory.previousSummaries.map((p) => ({
      date: p.at.toISOString(),
      channel: p.channel,
      summary: p.summary,
    })),
  });
}

/** One call to the provider; throws ProviderError (or the fetch's own error) on any failure. */
export async function requestLlmDraft(
  config: LlmConfig,
  input: ConversationForMemory,
): Promise<MemoryDraft> {
  const reply = await requestJsonCompletion(
    config,
    [
      { role: "system", content: INSTRUCTIONS },
      { role: "user", content: promptOf(input) },
    ],
    { maxReplyBytes: MAX_REPLY_BYTES, timeoutMs: 15_000 },
  );
  const parsed = replySchema.safeParse(reply);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => i.path.join(".") || "(root)"))];
    throw new ProviderError(`the JSON does not match the schema (${fields.join(", ")})`);
  }

  const { summary, facts, openItems, rollingSummary } = parsed.data;
  const structured: DraftFact[] = factsFromStructuredData(
    input.analysis?.structuredData ?? {},
    input.qualificationFields,
  ).map((f) => ({ ...f, source: "vapi" }));
  return boundDraft({
    source: "llm",
    summary: firstSentences(summary, 3, SUMMARY_MAX_CHARS),
    // VAPI's structured data first: on the same key, what the call's own analysis extracted wins.
    facts: [...structured, ...facts.map((f) => ({ ...f, source: "llm" as const }))],
    openItems,
    rollingSummary:
      rollingSummary ||
      composeRollingSummary(
        [{ at: input.at, channel: input.channel, summary }, ...input.memory.previousSummaries],
        input.timeZone,
      ),
  });
}

export function createLlmSummariser(config: LlmConfig): Summariser {
  const host = providerHost(config.baseUrl);
  return {
    name: "llm",
    async summarise(input) {
      try {
        return await requestLlmDraft(config, input);
      } catch (error) {
        log.warn(
          { provider: host, model: config.model, reason: failureReason(error) },
          "LLM summariser failed; using the offline summariser for this conversation",
        );
        return summariseOffline(input);
      }
    },
  };
}
