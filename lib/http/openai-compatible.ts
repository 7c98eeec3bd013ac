import { z } from "zod";

// One small client for the OpenAI-compatible APIs Luneo calls (OpenAI, Azure OpenAI, Mistral, a
// local vLLM or Ollama…): contact memory's summaries and the learning loop's outcome review
// (POST /chat/completions) and its embeddings (POST /embeddings). Every caller falls back to
// its offline default on any failure; this file only says what failed, in words safe for the log
// (never the key, never the text sent).

export type ProviderConfig = {
  /** e.g. https://api.openai.com/v1 — the path (/chat/completions, /embeddings) is appended. */
  baseUrl: string;
  apiKey: string;
  model: string;
  /** Default: the caller's (15 s for a summary). A hung provider must not hold a job. */
  timeoutMs?: number;
};

/** The provider refused or answered something unusable: the reason goes to the log, nothing else. */
export class ProviderError extends Error {
  override name = "ProviderError";
}

/**
 * POST `body` as JSON to `{baseUrl}{path}` with the bearer key; the reply parsed as JSON. Throws
 * ProviderError (HTTP error, reply too large or not JSON) or fetch's own error (network, timeout).
 */
export async function postJson(
  config: ProviderConfig,
  path: string,
  body: unknown,
  limits: { maxReplyBytes: number; timeoutMs: number },
): Promise<unknown> {
  const response = await fetch(`${config.baseUrl.replace(/\/+$/, "")}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${config.apiKey}` },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(config.timeoutMs ?? limits.timeoutMs),
  });
  const text = await response.text();
  if (Buffer.byteLength(text) > limits.maxReplyBytes) throw new ProviderError("reply too large");
  if (!response.ok) throw new ProviderError(`HTTP ${response.status}`);
  try {
    return JSON.parse(text);
  } catch {
    throw new ProviderError("the reply is not JSON");
  }
}

const completionSchema = z.object({
  choices: z
    .array(z.object({ message: z.object({ content: z.string() }) }))
    .min(1, "no choices in the reply"),
});

/**
 * A Chat Completion asked for one JSON object (temperature 0): the message content parsed as
 * JSON, for the caller to check against its own schema.
 */
export async function requestJsonCompletion(
  config: ProviderConfig,
  messages: { role: "system" | "user"; content: string }[],
  limits: { maxReplyBytes: number; timeoutMs: number },
): Promise<unknown> {
  const reply = await postJson(
    config,
    "/chat/completions",
    { model: config.model, temperature: 0, response_format: { type: "json_object" }, messages },
    limits,
  );
  const completion = completionSchema.safeParse(reply);
  if (!completion.success) throw new ProviderError("not a chat completion");
  try {
    return JSON.parse(completion.data.choices[0]!.message.content);
  } catch {
    throw new ProviderError("the message content is not JSON");
  }
}

/** Why the provider failed, in words safe for the log (no key, no text sent). */
export function failureReason(error: unknown): string {
  if (error instanceof ProviderError) return error.message;
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return "timed out";
  }
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return cause instanceof Error ? `${cause.name}: ${cause.message}`.slice(0, 200) : "unknown";
}

/** The provider's host for the log ("invalid URL" when it is not one). */
export function providerHost(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return "invalid URL";
  }
}
