import type { z } from "zod";
import { ValidationError } from "@/lib/errors";
import { findInvalidChars, invalidCharMessage } from "@/lib/text/control-chars";
import "@/lib/zod-messages";

// Input parsing shared by server actions, API routes and jobs. Kept apart from lib/actions.ts so
// that API routes do not pull in the Auth.js session.

/**
 * zod-parse FormData or an object into the schema's type, or throw field errors. Before the schema,
 * every string (and key) is checked for characters PostgreSQL cannot store (NUL, lone surrogates,
 * C0 controls other than tab/CR/LF): the person is told which field, whatever the schema says.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: FormData | unknown): z.infer<S> {
  const raw = input instanceof FormData ? formDataToObject(input) : input;
  const invalid = findInvalidChars(raw);
  if (invalid.length > 0) {
    throw new ValidationError(
      collectFieldErrors(invalid.map(([key, what]) => [key, invalidCharMessage(what)])),
    );
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    throw new ValidationError(
      collectFieldErrors(
        result.error.issues.map((issue) => [issue.path.join(".") || "form", issue.message]),
      ),
    );
  }
  return result.data;
}

/**
 * Messages grouped by field. Built in a Map, not by indexing a plain object: a field the person
 * named "valueOf" or "constructor" found the inherited function there (a TypeError, answered 500),
 * and "__proto__" would have replaced the object's prototype instead of holding a message.
 */
export function collectFieldErrors(
  entries: Iterable<readonly [string, string]>,
): Record<string, string[]> {
  const byField = new Map<string, string[]>();
  for (const [field, message] of entries) {
    const messages = byField.get(field);
    if (messages) messages.push(message);
    else byField.set(field, [message]);
  }
  return Object.fromEntries(byField);
}

function formDataToObject(form: FormData): Record<string, unknown> {
  // Own properties only (Object.fromEntries), whatever the fields are named: see collectFieldErrors.
  const out = new Map<string, unknown>();
  for (const key of new Set(form.keys())) {
    if (key.startsWith("$ACTION")) continue;
    const values = form.getAll(key);
    // Fields named `x[]` are lists (checkbox groups); everything else is a single value.
    if (key.endsWith("[]")) out.set(key.slice(0, -2), values);
    else out.set(key, values[0]);
  }
  return Object.fromEntries(out);
}
