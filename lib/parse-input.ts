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
    const fieldErrors: Record<string, string[]> = {};
    for (const [key, what] of invalid) (fieldErrors[key] ??= []).push(invalidCharMessage(what));
    throw new ValidationError(fieldErrors);
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of result.error.issues) {
      const key = issue.path.join(".") || "form";
      (fieldErrors[key] ??= []).push(issue.message);
    }
    throw new ValidationError(fieldErrors);
  }
  return result.data;
}

function formDataToObject(form: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set(form.keys())) {
    if (key.startsWith("$ACTION")) continue;
    const values = form.getAll(key);
    // Fields named `x[]` are lists (checkbox groups); everything else is a single value.
    if (key.endsWith("[]")) out[key.slice(0, -2)] = values;
    else out[key] = values[0];
  }
  return out;
}
