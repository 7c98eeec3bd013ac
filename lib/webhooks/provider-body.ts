import { stripInvalidDeep, stripInvalidChars, TooDeepError } from "@/lib/text/control-chars";

// Provider bodies as parsers see them, on receipt and when a stored event is processed again
// (lib/ingest/reparse.ts): every string stripped of the characters PostgreSQL cannot store (NUL,
// lone surrogates, C0 controls but tab/CR/LF). A provider cannot be asked to fix its text, and an
// event that cannot be stored or processed would be retried forever.

/** A VAPI body's JSON, stripped; too deep or not JSON is a reason to reject it. */
export function providerJson(
  rawBody: string,
): { ok: true; value: unknown } | { ok: false; reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(rawBody);
  } catch (error) {
    return { ok: false, reason: `body is not JSON (${(error as Error).message})` };
  }
  try {
    return { ok: true, value: stripInvalidDeep(value) };
  } catch (error) {
    if (error instanceof TooDeepError) return { ok: false, reason: `body is ${error.message}` };
    throw error;
  }
}

/** A Twilio form body's parameters (the last of repeated names), keys and values stripped. */
export function providerForm(rawBody: string): Record<string, string> {
  return readProviderForm(rawBody).stripped;
}

/**
 * A Twilio form body read once for both its uses on receipt: `signed`, the parameters as sent
 * (what the signature covers: as `Object.fromEntries(new URLSearchParams(rawBody))` gives them, a
 * name such as `__proto__` included, hence no prototype), and `stripped`, providerForm's.
 */
export function readProviderForm(rawBody: string): {
  signed: Record<string, string>;
  stripped: Record<string, string>;
} {
  const signed: Record<string, string> = Object.create(null) as Record<string, string>;
  const stripped: Record<string, string> = {};
  const pairs = formPairs(rawBody);
  for (let i = 0; i < pairs.length; i += 2) {
    const key = pairs[i]!;
    const value = pairs[i + 1]!;
    signed[key] = value;
    stripped[stripInvalidChars(key)] = stripInvalidChars(value);
  }
  return { signed, stripped };
}

// A body decoded from bytes has no lone surrogate, but URLSearchParams would replace one: leave
// any surrogate (an unencoded emoji too) to it.
const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * The names and values of a form body, flat (name, value, name, value…) and exactly as
 * `new URLSearchParams(body)` reads them. Read directly when every part decodes cleanly (the
 * forms Twilio sends), which costs a third of iterating URLSearchParams; anything else (a stray
 * `%`, bytes that are not UTF-8, a lone surrogate) is read by URLSearchParams itself.
 */
export function formPairs(body: string): string[] {
  const pairs: string[] = [];
  if (SURROGATE.test(body)) return searchParamsPairs(body);
  let start = body.charCodeAt(0) === 0x3f /* ? */ ? 1 : 0;
  while (start <= body.length) {
    let end = body.indexOf("&", start);
    if (end === -1) end = body.length;
    if (end > start) {
      const part = body.slice(start, end);
      const equals = part.indexOf("=");
      const name = decodeFormPart(equals === -1 ? part : part.slice(0, equals));
      const value = equals === -1 ? "" : decodeFormPart(part.slice(equals + 1));
      if (name === null || value === null) return searchParamsPairs(body);
      pairs.push(name, value);
    }
    start = end + 1;
  }
  return pairs;
}

/** One name or value, `+` as a space and percent escapes decoded; null when one does not decode. */
function decodeFormPart(part: string): string | null {
  const spaced = part.includes("+") ? part.replaceAll("+", " ") : part;
  if (!spaced.includes("%")) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    return null;
  }
}

function searchParamsPairs(body: string): string[] {
  const pairs: string[] = [];
  for (const [name, value] of new URLSearchParams(body)) pairs.push(name, value);
  return pairs;
}
