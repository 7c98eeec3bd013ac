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
  const params: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(rawBody))
    params[stripInvalidChars(key)] = stripInvalidChars(value);
  return params;
}
