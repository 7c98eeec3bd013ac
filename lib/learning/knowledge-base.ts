import { z } from "zod";
import type { VapiConfig } from "@/db/schema";
import type { VerticalContent } from "@/lib/verticals/content";
import { learningLanguageOf } from "./language";
import { lexical, cosine } from "./similarity";

// VAPI's custom knowledge base (server message `knowledge-base-request`, sent when the assistant's
// knowledgeBase.provider is "custom-knowledge-base"): VAPI posts the conversation so far and
// expects `{ documents: [{ content, similarity, uuid? }] }` for its model to read. Luneo answers
// from the org's approved answers (the learning loop's knowledge entries, `learned-<gap id>`),
// ranked by the learning loop's lexical similarity to the caller's last words, when the org's
// template turns the message on (its serverMessages list "knowledge-base-request").

export const KNOWLEDGE_BASE_REQUEST = "knowledge-base-request";
/** Documents handed back at most, and the least similarity worth handing back. */
export const KB_DOCUMENTS = 3;
export const KB_MIN_SIMILARITY = 0.2;
/** Caller words read (a caller's turn is a few sentences; a pasted essay is cut). */
const QUERY_MAX = 1_000;

const LEARNED_PREFIX = "learned-";

export type KnowledgeDocument = { content: string; similarity: number; uuid: string };

const requestSchema = z.object({
  message: z.object({
    messages: z
      .array(z.object({ role: z.string(), content: z.unknown() }).loose())
      .max(500)
      .catch([]),
  }),
});

/** The caller's last words in a knowledge-base-request body; null when there are none. */
export function lastUserMessage(body: unknown): string | null {
  const parsed = requestSchema.safeParse(body);
  if (!parsed.success) return null;
  const turns = parsed.data.message.messages;
  for (let i = turns.length - 1; i >= 0; i--) {
    const turn = turns[i]!;
    if (turn.role === "user" && typeof turn.content === "string" && turn.content.trim()) {
      return turn.content.trim().slice(0, QUERY_MAX);
    }
  }
  return null;
}

/** Whether the org's configuration (its template, or its own override) turns the message on. */
export function knowledgeBaseEnabled(config: Pick<VerticalContent, "serverMessages"> | null) {
  return config?.serverMessages?.includes(KNOWLEDGE_BASE_REQUEST) ?? false;
}

/**
 * How the transient assistant tells VAPI to ask Luneo for documents: its model's `knowledgeBase`,
 * a CreateCustomKnowledgeBaseDTO `{ provider: "custom-knowledge-base", server }`, where `server`
 * is VAPI's Server object (`url`, `headers`, `timeoutSeconds`…): see
 * https://docs.vapi.ai/knowledge-base/custom-knowledge-base and the DTO in VAPI's API reference
 * (model.knowledgeBase). VAPI sends knowledge-base-request to that server rather than to the phone
 * number's, so it carries the org's own webhook URL and the secret VAPI already sends there, the
 * way the org's auth mode expects it (webhooks/verify.ts). An HMAC signature is computed per body
 * by a credential held in VAPI that Luneo never sees, so no static header can stand in for it: in
 * that mode nor without a secret is anything declared (a request that would be refused is no use).
 */
export type KnowledgeBaseDeclaration = {
  provider: "custom-knowledge-base";
  server: { url: string; headers: Record<string, string>; timeoutSeconds: number };
};

/** VAPI waits this long for documents while the caller waits: a quick answer or none. */
const KB_TIMEOUT_SECONDS = 5;

export function knowledgeBaseDeclaration(
  url: string,
  auth: VapiConfig["authMode"],
  secret: string | undefined,
): KnowledgeBaseDeclaration | null {
  if (!secret) return null;
  const headers: Record<string, string> | null =
    auth === "x-vapi-secret"
      ? { "x-vapi-secret": secret }
      : auth === "bearer"
        ? { authorization: `Bearer ${secret}` }
        : null;
  if (!headers) return null;
  return {
    provider: "custom-knowledge-base",
    server: { url, headers, timeoutSeconds: KB_TIMEOUT_SECONDS },
  };
}

/** The org's approved answers most like the caller's last words, most similar first. */
export function knowledgeDocuments(
  config: Pick<VerticalContent, "knowledge" | "agent"> | null,
  body: unknown,
): KnowledgeDocument[] {
  const query = lastUserMessage(body);
  if (!config || !query) return [];
  const language = learningLanguageOf(config.agent?.language);
  const asked = lexical.vectorize(query, language);
  return Object.entries(config.knowledge ?? {})
    .filter(([id]) => id.startsWith(LEARNED_PREFIX))
    .map(([id, entry]) => ({
      content: `${entry.question}\n${entry.answer}`,
      similarity: cosine(asked, lexical.vectorize(entry.question, language)),
      uuid: id.slice(LEARNED_PREFIX.length),
    }))
    .filter((d) => d.similarity >= KB_MIN_SIMILARITY)
    .sort((a, b) => b.similarity - a.similarity || a.uuid.localeCompare(b.uuid))
    .slice(0, KB_DOCUMENTS)
    .map((d) => ({ ...d, similarity: Math.round(d.similarity * 1000) / 1000 }));
}
