import "server-only";
import { headers } from "next/headers";
import { unstable_rethrow } from "next/navigation";
import { getSessionContext, getSignedInUser, type SessionContext } from "@/lib/auth/session";
import type { SignedInUser } from "@/lib/auth/session-user";
import { AppError, ok, toActionResult, type ActionResult } from "@/lib/errors";
import { log } from "@/lib/log";
import { runWithRequestId } from "@/lib/request-context";

// Server actions are public POST endpoints (their ids are in the client bundle). Every one is
// written one way, in its module's `server-actions.ts`:
//
//   export async function doThingAction(…args): Promise<ActionResult<T>> {
//     return sessionAction(async ({ ctx }) => { …parseInput(schema, arg)…; return verb(ctx, …); });
//   }
//
// Its arguments are what arrives over the wire, whatever the client's types say: ids (`string`,
// often bound), a form's `FormData` (after `_prev: unknown` under useActionState) or an island's
// object (`unknown`), each parsed with parseInput inside the work. The body is that one call to
// one of the three wrappers below, by who may call the action:
//   sessionAction – a member of an org (the session is checked against the database on each call;
//                   the verb checks the permission);
//   userAction    – anyone signed in, in an org or not (email verification, accepting an invitation);
//   publicAction  – anyone (sign-in, sign-up, password reset: the signed-out forms).
// Each runs the work in the request's context (its id on every log line), lets redirect() and
// notFound() through (so an action may end on one, inside its work), and turns every other error
// into a failed ActionResult whose message is written for a person. A form's action passes
// `{ values }` (what was typed, never a password) to have them back with a failure.
// lib/server-actions-catalogue.test.ts holds every "use server" file to this.

/** A failed form keeps what was typed: `values` come back with the failure. */
export type FormResult<T> = ActionResult<T> & { values?: Record<string, string> };

export type ActionOptions = {
  values?: Record<string, string>;
  /** What someone not signed in is told (sessionAction, userAction); "Your session has ended…" by default. */
  signedOut?: string;
};

/** Every log line written while an action runs, in any module, carries proxy.ts's request id. */
async function inRequestContext<T>(work: () => Promise<T>): Promise<T> {
  const requestId = (await headers()).get("x-request-id") ?? crypto.randomUUID();
  return runWithRequestId(requestId, work);
}

async function runAction<T>(
  work: () => Promise<T>,
  options: ActionOptions | undefined,
): Promise<FormResult<T>> {
  return inRequestContext(async () => {
    try {
      return ok(await work());
    } catch (error) {
      // redirect() and notFound() are control flow, not failures.
      unstable_rethrow(error);
      const failed = toActionResult(error, log);
      return options?.values ? { ...failed, values: options.values } : failed;
    }
  });
}

const SESSION_ENDED = "Your session has ended. Sign in again.";

/** An action for a member of an org: checks the session and the membership on every call. */
export async function sessionAction<T>(
  work: (session: SessionContext) => Promise<T>,
  options?: ActionOptions,
): Promise<FormResult<T>> {
  return runAction(async () => {
    const session = await getSessionContext();
    if (!session) throw new AppError("UNAUTHORIZED", options?.signedOut ?? SESSION_ENDED);
    return work(session);
  }, options);
}

/** An action for anyone signed in, whether or not they belong to an org. */
export async function userAction<T>(
  work: (user: SignedInUser) => Promise<T>,
  options?: ActionOptions,
): Promise<FormResult<T>> {
  return runAction(async () => {
    const user = await getSignedInUser();
    if (!user) throw new AppError("UNAUTHORIZED", options?.signedOut ?? SESSION_ENDED);
    return work(user);
  }, options);
}

/** An action anyone may call, signed out included: the work decides what it reveals. */
export async function publicAction<T>(
  work: () => Promise<T>,
  options?: ActionOptions,
): Promise<FormResult<T>> {
  return runAction(work, options);
}

/** What was typed in `names` (cut at 300 characters), for `{ values }`. Never pass a password. */
export function typedValues(form: unknown, names: string[]): Record<string, string> {
  const values: Record<string, string> = {};
  if (!(form instanceof FormData)) return values;
  for (const name of names) {
    const value = form.get(name);
    if (typeof value === "string") values[name] = value.slice(0, 300);
  }
  return values;
}
