// The model, voice and transcriber of the assistant Luneo builds for an org that has no VAPI
// assistant of its own (no Assistant ID: see transient-assistant.ts). Kept in code beside the
// templates, not inside their content (docs/adr/0006): a template version is immutable and its
// hash pinned, while these are provider catalogue choices that change when a provider retires a
// model or a voice. Changing them here is a deploy, not a new template version every org must
// upgrade to; and an org cannot override them (it would set up its own assistant in VAPI instead).

export type AssistantDefaults = {
  model: { provider: "openai"; model: string; temperature: number };
  /** VAPI's own voices are English; other languages use an Azure neural voice of that language. */
  voice: { provider: "vapi" | "azure"; voiceId: string };
  transcriber: { provider: "deepgram"; model: string };
  /** Longest silence before the agent hangs up, and the longest call. */
  silenceTimeoutSeconds: number;
  maxDurationSeconds: number;
};

const BASE: AssistantDefaults = {
  model: { provider: "openai", model: "gpt-4o-mini", temperature: 0.3 },
  voice: { provider: "vapi", voiceId: "Elliot" },
  transcriber: { provider: "deepgram", model: "nova-2" },
  silenceTimeoutSeconds: 30,
  maxDurationSeconds: 900,
};

/** Per trade: the template's slug, or "none" before a vertical is chosen. */
export const ASSISTANT_DEFAULTS: Record<"ecommerce" | "real-estate" | "none", AssistantDefaults> = {
  none: BASE,
  // Order questions are short and factual.
  ecommerce: {
    ...BASE,
    model: { ...BASE.model, temperature: 0.2 },
    voice: { provider: "vapi", voiceId: "Savannah" },
    maxDurationSeconds: 600,
  },
  // Property enquiries run longer and qualify at a conversational pace.
  "real-estate": {
    ...BASE,
    model: { ...BASE.model, temperature: 0.4 },
    voice: { provider: "vapi", voiceId: "Elliot" },
    maxDurationSeconds: 1200,
  },
};

/** Azure neural voices for the agent languages the wizard offers beyond English. */
const AZURE_VOICES: Record<string, string> = {
  fr: "fr-FR-DeniseNeural",
  es: "es-ES-ElviraNeural",
  de: "de-DE-KatjaNeural",
  it: "it-IT-ElsaNeural",
  pt: "pt-PT-RaquelNeural",
  nl: "nl-NL-ColetteNeural",
};

/** The defaults for a trade (unknown slugs read as none) spoken in `language` (BCP 47). */
export function assistantDefaultsFor(templateSlug: string | null, language: string) {
  const defaults =
    ASSISTANT_DEFAULTS[(templateSlug ?? "none") as keyof typeof ASSISTANT_DEFAULTS] ??
    ASSISTANT_DEFAULTS.none;
  const primary = language.split("-")[0]!.toLowerCase();
  const azure = AZURE_VOICES[primary];
  return {
    ...defaults,
    voice: azure ? { provider: "azure" as const, voiceId: azure } : defaults.voice,
    transcriber: { ...defaults.transcriber, language: primary },
  };
}
