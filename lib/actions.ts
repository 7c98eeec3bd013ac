import "server-only";
import { headers } from "next/headers";
import { getSessionContext, type SessionContext } from "@/lib/auth/session";
import { AppError, ok, toActionResult, type ActionResult } from "@/lib/errors";
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
