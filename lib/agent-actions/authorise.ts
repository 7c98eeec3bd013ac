import "server-only";
import { createHash } from "node:crypto";
import type { ActionSource } from "@/db/schema";
import { requirePermission } from "@/lib/auth/permissions";
import type { TenantContext } from "@/lib/context";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { canonicalJson } from "@/lib/json";
import type { ActionDefinition } from "./definition";
import { findAction } from "./registry";

// Who may run what, and the fingerprint of a request: checked before any transaction opens, so a
// refused caller costs no database round trip.

const SOURCE_WORDS: Record<ActionSource, string> = {
  agent: "the agent during a call",
  api: "the API",
  user: "the dashboard",
};

/** sha256 of the canonical request: a different body under the same idempotency key is refused. */
export function requestHash(request: { action: string; input: unknown; dryRun: boolean }): string {
  return createHash("sha256")
    .update(canonicalJson({ action: request.action, input: request.input, dryRun: request.dryRun }))
    .digest("hex");
}

/** The action, or NotFoundError; and ForbiddenError unless `ctx` may run it from `source`. */
export function authorise(
  ctx: TenantContext,
  name: string,
  source: ActionSource,
): ActionDefinition {
  const action = findAction(name);
  if (!action) throw new NotFoundError(`The action “${name.slice(0, 64)}”`);
  if (!action.runBy.includes(source)) {
    throw new ForbiddenError(`${action.label} cannot be run from ${SOURCE_WORDS[source]}.`);
  }
  if (source !== "agent") requirePermission(ctx, "actions.run");
  for (const permission of action.permissions) requirePermission(ctx, permission);
  return action;
}
