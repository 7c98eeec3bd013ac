// Characters PostgreSQL cannot store (U+0000 in text and jsonb; lone surrogates cannot be encoded
// as UTF-8, and jsonb refuses their \u escapes) and other C0 controls nobody types on purpose.
// People are told what to fix (lib/parse-input.ts, the CSV reader); text from a provider is
// stripped instead, since nobody can fix it (lib/webhooks). Tab, CR and LF are ordinary text.

// C0 controls except tab (09), LF (0A), CR (0D); a high surrogate not followed by a low one;
// a low surrogate not preceded by a high one.
const INVALID =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const INVALID_GLOBAL = new RegExp(INVALID.source, "g");

/** The first character of `text` that cannot be stored, described for a person; null if none. */
export function invalidCharIn(text: string): string | null {
  const match = INVALID.exec(text);
  if (!match) return null;
  const code = match[0].charCodeAt(0);
  const what =
    code === 0
      ? "an invisible null character"
      : code >= 0xd800 && code <= 0xdfff
        ? "a broken character (half of an emoji or symbol)"
        : "an invisible control character";
  // In a long text (a note, a CSV file) say where: the line is what an editor shows.
  if (!text.includes("\n")) return what;
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < match.index; i = text.indexOf("\n", i + 1))
    line++;
  return `${what} on line ${line}`;
}

/** `text` without the characters that cannot be stored. */
export function stripInvalidChars(text: string): string {
  return INVALID.test(text) ? text.replace(INVALID_GLOBAL, "") : text;
}

/** The sentence shown under a field that holds such a character. */
export function invalidCharMessage(what: string): string {
  return `This contains ${what}, which can't be saved. Delete it or type the text again.`;
}

/** How deep provider JSON may nest before it is refused (PostgreSQL's jsonb and our walks stop). */
export const MAX_JSON_DEPTH = 200;

export class TooDeepError extends Error {
  override name = "TooDeepError";
}

/**
 * A copy of parsed JSON with every string (values and keys) stripped of invalid characters.
 * Iterative, so a deeply nested body cannot overflow the stack; deeper than MAX_JSON_DEPTH throws
 * TooDeepError.
 */
export function stripInvalidDeep(value: unknown): unknown {
  const strip = (v: unknown, depth: number): unknown => {
    if (typeof v === "string") return stripInvalidChars(v);
    if (v === null || typeof v !== "object") return v;
    if (depth >= MAX_JSON_DEPTH)
      throw new TooDeepError(`nested deeper than ${MAX_JSON_DEPTH} levels`);
    if (Array.isArray(v)) return v.map((item) => strip(item, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(v))
      out[stripInvalidChars(key)] = strip(item, depth + 1);
    return out;
  };
  return strip(value, 0);
}

/**
 * Where in `value` (FormData-derived object, JSON, query) a string holds an invalid character:
 * `[path, description]` pairs, path as parseInput reports fields ("name", "tags.2", "form" for the
 * top level). Keys are checked too. Depth is bounded like stripInvalidDeep.
 */
export function findInvalidChars(value: unknown): [string, string][] {
  const found: [string, string][] = [];
  const walk = (v: unknown, path: string[], depth: number) => {
    if (found.length >= 50 || depth > MAX_JSON_DEPTH) return;
    if (typeof v === "string") {
      const what = invalidCharIn(v);
      if (what) found.push([path.join(".") || "form", what]);
      return;
    }
    if (v === null || typeof v !== "object" || v instanceof Date || v instanceof Blob) return;
    const entries = Array.isArray(v)
      ? v.map((item, i) => [String(i), item] as const)
      : Object.entries(v);
    for (const [key, item] of entries) {
      const keyProblem = invalidCharIn(key);
      if (keyProblem) found.push([path.join(".") || "form", keyProblem]);
      else walk(item, [...path, key], depth + 1);
    }
  };
  walk(value, [], 0);
  return found;
}

/** For zod refinements on text read outside parseInput (a page's search params). */
export const isStorable = (text: string) => invalidCharIn(text) === null;
