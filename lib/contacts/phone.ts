import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";

// Phone numbers reach us typed by people ("06 12 34 56 78"), from Twilio in E.164, and from VAPI
// as the carrier passed them. Contacts are keyed by E.164, so everything goes through toE164.

// What Twilio puts in From when the caller hides their number: words, or these numbers, which
// spell the words on a phone keypad (+266696687 = ANONYMOUS, +7378742833 = RESTRICTED,
// +2562533 = BLOCKED, +8656696 = UNKNOWN, +86282452253 = UNAVAILABLE, +7748283 = PRIVATE).
const WITHHELD_WORDS = new Set([
  "anonymous",
  "restricted",
  "unknown",
  "blocked",
  "private",
  "unavailable",
  "withheld",
  "client:anonymous",
]);
const WITHHELD_NUMBERS = new Set([
  "+266696687",
  "+7378742833",
  "+2562533",
  "+8656696",
  "+86282452253",
  "+7748283",
]);

const E164 = /^\+[1-9]\d{6,14}$/;

/** True when there is no caller number to keep: absent, empty, or one of Twilio's sentinels. */
export function isWithheld(raw: string | null | undefined): boolean {
  if (typeof raw !== "string") return true;
  const value = raw.trim().toLowerCase();
  if (value === "") return true;
  if (WITHHELD_WORDS.has(value)) return true;
  return WITHHELD_NUMBERS.has(value.replace(/[\s().-]/g, ""));
}

/**
 * The E.164 form of a number written any usual way, or null when it is withheld or not a valid
 * number. A national number is read in `defaultCountry`; "+33…" and "0033…" are read as
 * international whatever the default (00 is the international prefix almost everywhere, but
 * libphonenumber only honours it for countries that use it).
 */
export function toE164(raw: string | null | undefined, defaultCountry: CountryCode): string | null {
  if (isWithheld(raw)) return null;
  const value = raw!.trim();
  // Twilio Client identities ("client:alice") are not phone numbers; 250 is libphonenumber's cap.
  if (value.toLowerCase().startsWith("client:") || value.length > 250) return null;
  try {
    const direct = valid(value, defaultCountry);
    if (direct) return direct;
    const compact = value.replace(/[\s().-]/g, "");
    if (/^00[1-9]/.test(compact)) return valid(`+${compact.slice(2)}`, undefined);
    return null;
  } catch {
    // An unknown defaultCountry throws inside libphonenumber; treat it like an unreadable number.
    return null;
  }
}

function valid(value: string, country: CountryCode | undefined): string | null {
  const parsed = parsePhoneNumberFromString(value, country);
  if (!parsed?.isValid()) return null;
  const e164 = parsed.number;
  return E164.test(e164) && !WITHHELD_NUMBERS.has(e164) ? e164 : null;
}
