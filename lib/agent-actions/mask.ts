import { maskSecrets } from "@/lib/webhooks/mask";

// What the journal keeps of an action's input and effect: secrets masked as the webhook log masks
// them (lib/webhooks/mask.ts), and personal data too — email addresses, phone numbers and the text
// under keys that name a person or their words — so the journal shows the shape of what ran, not
// who it was about.

const PERSONAL_KEY = /^(name|email|phone|to|body|message|details|address|number)$/i;
const EMAIL = /^[^@\s]+@([^@\s]+)$/;
const PHONE = /^\+?[\d\s().-]{7,}$/;
const MASK = "••••••";

function maskString(value: string): string {
  const email = EMAIL.exec(value);
  if (email) return `${value[0]}•••@${email[1]}`;
  if (PHONE.test(value)) return `•••${value.replace(/\D/g, "").slice(-2)}`;
  return value;
}

/** `personal`: the value sits under a personal key; it applies to its text, not to deeper objects. */
function maskValue(value: unknown, personal: boolean): unknown {
  if (Array.isArray(value)) return value.map((v) => maskValue(v, personal));
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, v]) => [
        key,
        maskValue(v, PERSONAL_KEY.test(key)),
      ]),
    );
  }
  if (typeof value !== "string") return value;
  const masked = maskString(value);
  if (masked !== value) return masked;
  return personal && value.length > 0 ? MASK : value;
}

/** A copy of `value` fit for the journal: secrets and personal data masked, structure kept. */
export function maskPersonal(value: unknown): Record<string, unknown> {
  const masked = maskValue(maskSecrets(value), false);
  return masked && typeof masked === "object" && !Array.isArray(masked)
    ? (masked as Record<string, unknown>)
    : { value: masked };
}

/** An email address for a sentence the agent says or the journal shows: m•••@example.com. */
export const maskedAddress = (address: string) => maskString(address);
