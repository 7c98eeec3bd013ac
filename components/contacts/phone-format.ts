import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";

/** A stored E.164 number as people read it: national writing at home, international otherwise. */
export function formatPhone(e164: string, country: CountryCode): string {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return e164;
  return parsed.country === country ? parsed.formatNational() : parsed.formatInternational();
}
