import { getCountries, type CountryCode } from "libphonenumber-js";

// Choices offered by the wizard's profile step. Lists come from the platform (countries from
// libphonenumber, which must know the country to read local phone numbers; time zones from Intl).

export const COUNTRIES: readonly CountryCode[] = getCountries();

export function countryName(code: string, locale = "en"): string {
  try {
    return new Intl.DisplayNames([locale], { type: "region" }).of(code) ?? code;
  } catch {
    return code;
  }
}

export const TIME_ZONES: readonly string[] = ["UTC", ...Intl.supportedValuesOf("timeZone")];

/** Languages the agent can speak (BCP 47 tags VAPI's voices and transcribers accept). */
export const AGENT_LANGUAGES = [
  { tag: "en-US", label: "English (United States)" },
  { tag: "en-GB", label: "English (United Kingdom)" },
  { tag: "fr-FR", label: "French (France)" },
  { tag: "es-ES", label: "Spanish (Spain)" },
  { tag: "de-DE", label: "German (Germany)" },
  { tag: "it-IT", label: "Italian (Italy)" },
  { tag: "pt-PT", label: "Portuguese (Portugal)" },
  { tag: "nl-NL", label: "Dutch (Netherlands)" },
] as const;
export const AGENT_LANGUAGE_TAGS = AGENT_LANGUAGES.map((l) => l.tag) as [string, ...string[]];

/** A sensible first guess for a new business's time zone from its country. */
export const DEFAULT_TIME_ZONE: Record<string, string> = {
  US: "America/New_York",
  GB: "Europe/London",
  FR: "Europe/Paris",
  ES: "Europe/Madrid",
  DE: "Europe/Berlin",
  IT: "Europe/Rome",
  PT: "Europe/Lisbon",
  NL: "Europe/Amsterdam",
  BE: "Europe/Brussels",
  CA: "America/Toronto",
  AU: "Australia/Sydney",
};
