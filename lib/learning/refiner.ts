import { z } from "zod";
import { SIGNAL_OUTCOMES } from "@/db/schema/learning";
import { env } from "@/lib/env";
import {
  failureReason,
  providerHost,
  ProviderError,
  requestJsonCompletion,
} from "@/lib/http/openai-compatible";
import { log } from "@/lib/log";
import type { LlmConfig } from "@/lib/memory/llm-summariser";
import { RULE_DETECTOR, type ConversationForSignals, type SignalDraft } from "./detector";

// The outcome refiner: the rule detector's outcomes, reviewed by the OpenAI-compatible LLM memory
// already uses (LLM_BASE_URL, LLM_API_KEY, LLM_MODEL) when it is configured. Same interface and
// fallback rules as the memory summariser: whatever goes wrong with the provider — HTTP error,
// timeout, a reply that is not the JSON asked for — the rules' outcomes stand, in the same job
// attempt, and the log says why (never the transcript).

export type Refined = { drafts: SignalDraft[]; detector: string; version: number };

export interface OutcomeRefiner {
  readonly name: string;
  refine(conversation: ConversationForSignals, drafts: SignalDraft[]): Promise<Refined>;
}

export const rulesOnly: OutcomeRefiner = {
  name: "rules",
  refine: async (_conversation, drafts) => ({
    drafts,
    detector: RULE_DETECTOR.name,
    version: RULE_DETECTOR.version,
  }),
};

export const LLM_DETECTOR = { name: "rules+llm", version: 1 } as const;

const MAX_REPLY_BYTES = 128 * 1024;
const MAX_TURN_CHARS = 2_000;

const INSTRUCTIONS = `You review how a small business's AI phone receptionist handled each of its turns in one conversation.
You receive the conversation's turns (JSON) with a proposed outcome for each agent turn. Answer with one JSON object and nothing else:
{"outcomes": [{"seq": number, "outcome": "answered" | "deflected" | "escalated" | "abandoned" | "negative"}]}
- answered: the agent answered what the caller asked, or there was nothing to answer (a greeting, a goodbye).
- deflected: the agent did not know, or promised to check and call back, instead of answering.
- escalated: the agent handed the caller to a person (transfer, forward, a colleague calls back to take over).
- abandoned: the caller hung up right after this turn, while the agent was waiting for them.
- negative: after this turn the caller repeated the question or complained.
Give one entry per agent turn, with its seq. Keep the proposed outcome unless the conversation clearly says otherwise.`;

const replySchema = z.object({
  outcomes: z
    .array(z.object({ seq: z.number().int(), outcome: z.enum(SIGNAL_OUTCOMES) }))
    .max(1_000),
});

async function requestOutcomes(
  config: LlmConfig,
  conversation: ConversationForSignals,
  drafts: SignalDraft[],
) {
  const proposed = new Map(drafts.map((d) => [d.seq, d.outcome]));
  const turns = conversation.turns
    .filter((t) => t.role === "user" || t.role === "assistant")
    .map((t) => ({
      seq: t.seq,
      speaker: t.role === "user" ? "caller" : "agent",
      text: t.content.slice(0, MAX_TURN_CHARS),
      ...(proposed.has(t.seq) ? { proposedOutcome: proposed.get(t.seq) } : {}),
    }));
  const reply = await requestJsonCompletion(
    config,
    [
      { role: "system", content: INSTRUCTIONS },
      {
        role: "user",
        content: JSON.stringify({
          channel: conversation.channel,
          endedReason: conversation.endedReason,
          turns,
        }),
      },
    ],
    { maxReplyBytes: MAX_REPLY_BYTES, timeoutMs: 15_000 },
  );
  const parsed = replySchema.safeParse(reply);
  if (!parsed.success) throw new ProviderError("the JSON does not match the schema");
  const outcomes = new Map(parsed.data.outcomes.map((o) => [o.seq, o.outcome]));
  // Every agent turn must be there: a partial answer is not trusted at all.
  if (drafts.some((d) => !outcomes.has(d.seq))) {
    throw new ProviderError("an agent turn is missing from the reply");
  }
  return drafts.map((d) => {
    const outcome = outcomes.get(d.seq)!;
    return outcome === d.outcome ? d : { ...d, outcome, evidence: "the LLM reviewed the turn" };
  });
}

export function createLlmRefiner(config: LlmConfig): OutcomeRefiner {
  const host = providerHost(config.baseUrl);
  return {
    name: "llm",
    async refine(conversation, drafts) {
      if (drafts.length === 0) return rulesOnly.refine(conversation, drafts);
      try {
        const refined = await requestOutcomes(config, conversation, drafts);
        return { drafts: refined, detector: LLM_DETECTOR.name, version: LLM_DETECTOR.version };
      } catch (error) {
        log.warn(
          { provider: host, model: config.model, reason: failureReason(error) },
          "LLM outcome review failed; keeping the rule detector's outcomes",
        );
        return rulesOnly.refine(conversation, drafts);
      }
    },
  };
}

/** The configured LLM (falling back to the rules on failure), else the rules alone. */
export function defaultRefiner(): OutcomeRefiner {
  const { LLM_BASE_URL, LLM_API_KEY, LLM_MODEL } = env();
  if (!LLM_BASE_URL || !LLM_API_KEY || !LLM_MODEL) return rulesOnly;
  return createLlmRefiner({ baseUrl: LLM_BASE_URL, apiKey: LLM_API_KEY, model: LLM_MODEL });
}
