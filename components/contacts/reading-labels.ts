// Words for values stored as machine keys: fact and preference keys ("preferred_time") and BCP 47
// language tags ("fr-FR"). Pure, for server pages and client forms alike.

/** "preferred_time" → "Preferred time"; "bestTime" → "Best time". */
export function keyLabel(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_\-.]+/g, " ")
    .trim()
    .toLowerCase();
  return words ? words[0]!.toUpperCase() + words.slice(1) : key;
}

/**
 * The languages offered in the contact form: the ones a small business's callers most often
 * speak, by region where the agent's voice and formats differ. A contact's stored tag that is not
 * listed is still offered (see languageOptions), so nothing is lost by opening the form.
 */
export const LANGUAGE_TAGS = [
  "en-US",
  "en-GB",
  "en-AU",
  "en-CA",
  "fr-FR",
  "fr-CA",
  "fr-BE",
  "fr-CH",
  "es-ES",
  "es-MX",
  "es-US",
  "de-DE",
  "de-CH",
  "it-IT",
  "pt-PT",
  "pt-BR",
  "nl-NL",
  "nl-BE",
  "pl-PL",
  "ro-RO",
  "sv-SE",
  "da-DK",
  "nb-NO",
  "fi-FI",
  "el-GR",
  "tr-TR",
  "ru-RU",
  "uk-UA",
  "ar",
  "he-IL",
  "hi-IN",
  "zh-CN",
  "zh-TW",
  "ja-JP",
  "ko-KR",
  "vi-VN",
] as const;

const names = new Intl.DisplayNames(["en"], { type: "language", languageDisplay: "standard" });

/** "fr-FR" → "French (France)"; a tag Intl cannot name is shown as written. */
export function languageName(tag: string): string {
  try {
    return names.of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/** The form's choices, sorted by name, with the contact's current tag among them. */
export function languageOptions(current: string | null): Array<{ value: string; label: string }> {
  const tags: string[] = [...LANGUAGE_TAGS];
  if (current && !tags.includes(current)) tags.push(current);
  return tags
    .map((value) => ({ value, label: languageName(value) }))
    .sort((a, b) => a.label.localeCompare(b.label, "en"));
}
