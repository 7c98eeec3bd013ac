import { z } from "zod";
import type { LearningLanguage } from "@/db/schema/learning";
import { env } from "@/lib/env";
import {
  failureReason,
  postJson,
  providerHost,
  ProviderError,
  type ProviderConfig,
} from "@/lib/http/openai-compatible";
import { log } from "@/lib/log";
import { lexical, type Similarity, type Vector } from "./similarity";

// The optional embeddings provider behind the Similarity interface: an OpenAI-compatible
// POST {EMBEDDINGS_BASE_URL}/embeddings (EMBEDDINGS_API_KEY, EMBEDDINGS_MODEL; all three or none).
// Embeddings are fetched before a pass, never while a transaction holds the org's learning lock:
// `prepare(texts)` asks for every text the pass will compare, in batches, and answers a Similarity
// that knows exactly those texts. On any failure — network, HTTP error, timeout, a reply that is
// not the wire format, a missing or duplicated index, vectors of different dimensions or not
// finite — the pass uses the offline default instead, and the log says why (never the texts).

export type TextToCompare = { text: string; language: LearningLanguage };

export interface SimilarityProvider {
  readonly name: string;
  /** A Similarity that can vectorize each of `texts` (the offline default when anything fails). */
  prepare(texts: readonly TextToCompare[]): Promise<Similarity>;
}

/** The offline default: nothing to fetch. */
export const offlineSimilarity: SimilarityProvider = {
  name: lexical.name,
  prepare: async () => lexical,
};

/** A prepared Similarity was asked about a text it was not given: the caller falls back. */
export class UnpreparedTextError extends Error {
  override name = "UnpreparedTextError";
}

export type EmbeddingsConfig = ProviderConfig & {
  /** Texts per request (default 64: well under every provider's limit of inputs per request). */
  batchSize?: number;
};

/**
 * Cosines under embeddings run higher than lexical ones (unrelated questions of one trade are
 * often at 0.3–0.5), so the thresholds are the embeddings' own. Not measured here (no provider on
 * the build machine): run `EMBEDDINGS_… npm run bench:gaps` and adjust.
 */
export const EMBEDDINGS_THRESHOLDS = { join: 0.75, leader: 0.9, merge: 0.6 } as const;

const MAX_REPLY_BYTES = 64 * 1024 * 1024;
/** Longer questions are cut: a question, not a transcript, is what is compared. */
const MAX_TEXT_CHARS = 2_000;

const replySchema = z.object({
  data: z.array(
    z.object({
      index: z.number().int().nonnegative(),
      embedding: z.array(z.number().refine(Number.isFinite)).min(1),
    }),
  ),
});

async function embedBatch(config: EmbeddingsConfig, input: string[]): Promise<number[][]> {
  const reply = replySchema.safeParse(
    await postJson(
      config,
      "/embeddings",
      { model: config.model, input },
      { maxReplyBytes: MAX_REPLY_BYTES, timeoutMs: 15_000 },
    ),
  );
  if (!reply.success) throw new ProviderError("not an embeddings reply");
  const out: number[][] = [];
  for (const item of reply.data.data) {
    if (item.index >= input.length || out[item.index]) {
      throw new ProviderError("an embedding's index is out of range or repeated");
    }
    out[item.index] = item.embedding;
  }
  if (reply.data.data.length !== input.length) {
    throw new ProviderError(`${reply.data.data.length} embeddings for ${input.length} texts`);
  }
  return out;
}

const vectorOf = (embedding: number[]): Vector => {
  const v = new Map<string, number>();
  embedding.forEach((x, i) => v.set(String(i), x));
  return v;
};

export function createEmbeddingsProvider(config: EmbeddingsConfig): SimilarityProvider {
  const name = `embeddings:${config.model}`;
  const batchSize = config.batchSize ?? 64;
  return {
    name,
    async prepare(texts) {
      const unique = [...new Set(texts.map((t) => t.text.slice(0, MAX_TEXT_CHARS)))].sort();
      try {
        const vectors = new Map<string, Vector>();
        let dimensions = 0;
        for (let at = 0; at < unique.length; at += batchSize) {
          const batch = unique.slice(at, at + batchSize);
          const embeddings = await embedBatch(config, batch);
          for (const [i, embedding] of embeddings.entries()) {
            dimensions ||= embedding.length;
            if (embedding.length !== dimensions) {
              throw new ProviderError(
                `embeddings of ${embedding.length} and ${dimensions} dimensions`,
              );
            }
            vectors.set(batch[i]!, vectorOf(embedding));
          }
        }
        return {
          name,
          thresholds: EMBEDDINGS_THRESHOLDS,
          vectorize(text) {
            const v = vectors.get(text.slice(0, MAX_TEXT_CHARS));
            if (!v) throw new UnpreparedTextError("a text was not prepared");
            return v;
          },
        };
      } catch (error) {
        log.warn(
          {
            provider: providerHost(config.baseUrl),
            model: config.model,
            texts: unique.length,
            reason: failureReason(error),
          },
          "embeddings provider failed; comparing questions with the offline similarity",
        );
        return lexical;
      }
    },
  };
}

/** The configured embeddings provider (falling back to the default on failure), else the default. */
export function defaultSimilarityProvider(): SimilarityProvider {
  const { EMBEDDINGS_BASE_URL, EMBEDDINGS_API_KEY, EMBEDDINGS_MODEL } = env();
  if (!EMBEDDINGS_BASE_URL || !EMBEDDINGS_API_KEY || !EMBEDDINGS_MODEL) return offlineSimilarity;
  return createEmbeddingsProvider({
    baseUrl: EMBEDDINGS_BASE_URL,
    apiKey: EMBEDDINGS_API_KEY,
    model: EMBEDDINGS_MODEL,
  });
}
