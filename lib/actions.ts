import "server-only";
import { headers } from "next/headers";
import type { z } from "zod";
import { getSessionContext, type SessionContext } from "@/lib/auth/session";
import { AppError, ok, toActionResult, ValidationError, type ActionResult } from "@/lib/errors";
import { log } from "@/lib/log";
import { runWithRequestId } from "@/lib/request-context";

/**
 * Runs a server action inside its request's context: every log line written while it runs, in any
 * module, carries the request id that proxy.ts assigned.
 */
export async function inRequestContext<T>(work: () => Promise<T>): Promise<T> {
  const requestId = (await headers()).get("x-request-id") ?? crypto.randomUUID();
  return runWithRequestId(requestId, work);
}

/** zod-parse FormData or an object into the schema's type, or throw field errors. */
export function parseInput<S extends z.ZodType>(schema: S, input: FormData | unknown): z.infer<S> {
  const raw = input instanceof FormData ? formDataToObject(input) : input;
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

/**
 * Server actions are public POST endpoints: every one runs through here, which checks the
 * session and the membership on each call (the verb itself checks the permission).
 */
export async function sessionAction<T>(
  work: (session: SessionContext) => Promise<T>,
): Promise<ActionResult<T>> {
  return inRequestContext(async () => {
    try {
      const session = await getSessionContext();
      if (!session) throw new AppError("UNAUTHORIZED", "Your session has ended. Sign in again.");
      return ok(await work(session));
    } catch (error) {
      return toActionResult(error, log);
    }
  });
}
