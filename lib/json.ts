// JSON values, written once: their type, their canonical text and their equality. Everything that
// asks "is this the same data?" of JSON (a template against the published one, a profile field
// before and after a merge, an edited value against the stored one) asks it here, so the rules
// (key order does not matter, a missing key and an undefined one are the same, a date is its
// instant) are the same everywhere.

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * JSON with object keys sorted, so equal data gives equal text whatever the key order (jsonb does
 * not keep it). Dates become ISO strings, bigints their digits, a cycle "[Circular]"; undefined,
 * functions and symbols are left out of objects and become null in arrays, as JSON.stringify does.
 */
export function canonicalJson(value: unknown): string {
  const seen = new WeakSet<object>();
  const walk = (v: unknown): unknown => {
    if (typeof v === "bigint") return v.toString();
    if (v === null || typeof v !== "object") return v;
    if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
    if (seen.has(v)) return "[Circular]";
    seen.add(v);
    const out = Array.isArray(v)
      ? v.map((item) => (item === undefined || typeof item === "function" ? null : walk(item)))
      : Object.fromEntries(
          Object.keys(v)
            .sort()
            .filter((k) => {
              const item = (v as Record<string, unknown>)[k];
              return item !== undefined && typeof item !== "function" && typeof item !== "symbol";
            })
            .map((k) => [k, walk((v as Record<string, unknown>)[k])]),
        );
    seen.delete(v);
    return out;
  };
  return JSON.stringify(walk(value)) ?? "null";
}

/** Whether two values are the same JSON data (the rules of canonicalJson). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  return a === b || canonicalJson(a) === canonicalJson(b);
}
