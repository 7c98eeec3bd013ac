import { env } from "@/lib/env";
import { createLlmSummariser } from "./llm-summariser";
import { offlineSummariser } from "./offline-summariser";
import type { Summariser } from "./summariser";

/** The configured LLM (which falls back to the offline summariser on failure), else the offline one. */
export function defaultSummariser(): Summariser {
  const { LLM_BASE_URL, LLM_API_KEY, LLM_MODEL } = env();
  if (!LLM_BASE_URL || !LLM_API_KEY || !LLM_MODEL) return offlineSummariser;
  return createLlmSummariser({ baseUrl: LLM_BASE_URL, apiKey: LLM_API_KEY, model: LLM_MODEL });
}
