import "server-only";
import { randomUUID } from "node:crypto";
import { actionExecutions, type ActionExecution, type ActionSource } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { actorId, type TenantContext } from "@/lib/context";
import { inSavepoint, orgFor, withTenant, type TenantTx } from "@/lib/db/scopes";
import { ConflictError } from "@/lib/errors";
import { parseInput } from "@/lib/parse-input";
import { authorise, requestHash } from "./authorise";
import type { ActionEnv, Outcome } from "./definition";
import {
  answerOf,
  attempt,
  firstUnderKey,
  isLiveContact,
  onTimeline,
  settingsOf,
  type ExecutionAnswer,
  executionAuditMetadata,
  type JournalFields,
} from "./execution-steps";
import { maskPersonal } from "./mask";

export type { ExecutionAnswer } from "./execution-steps";

// Running an action, the same way whoever asks (docs/adr/0016): the actor's permission, the input
// through the action's schema, then one tenant transaction that takes the idempotency key, reads
// the org's settings, and either renders the effect (dry-run), files a pending approval, or runs
// the executor inside a savepoint — so a failing executor leaves its journal entry and nothing else.

export type ExecuteRequest = {
  action: string;
  input: unknown;
  dryRun: boolean;
  source: ActionSource;
  /** Already namespaced by the caller: vapi:<call>:<tool call>, api:<key>:<Idempotency-Key>. */
  idempotencyKey?: string;
  /** The caller's contact during a VAPI call, used when the input names none. */
  callerContactId?: string | null;
  callId?: string;
};

const WAITING = "I've passed this on: someone from the team must approve it first.";

/**
 * Runs (or dry-runs) one action; see the file's header. Returns the journal's answer. `within`:
 * the org's tenant transaction the caller already holds (a VAPI tool call runs in its webhook's
 * transaction, lib/agent-actions/vapi.ts); the execution then runs in a savepoint of it, so a
 * failure leaves the caller's transaction usable. Without it, a transaction of its own.
 */
export async function executeAction(
  ctx: TenantContext,
  request: ExecuteRequest,
  within?: TenantTx,
): Promise<ExecutionAnswer> {
  const action = authorise(ctx, request.action, request.source);
  const input = parseInput(action.input, request.input) as Record<string, unknown>;
  const hash = requestHash(request);
  const started = performance.now();
  if (within) orgFor(within, ctx);
  const run = async (tx: TenantTx): Promise<ExecutionAnswer> => {
    // Sent together (postgres.js pipelines a transaction's queries on its one connection, in
    // order): the idempotency lock then the read of a first execution under the key, the org's
    // settings and, when the input names a contact, whether it is a live contact of this org.
    const named = typeof input.contactId === "string" ? input.contactId : null;
    const [existing, settings, live] = await Promise.all([
      request.idempotencyKey ? firstUnderKey(tx, request.idempotencyKey) : undefined,
      settingsOf(tx, action),
      named === null ? true : isLiveContact(tx, named),
    ]);
    if (existing) {
      if (existing.requestHash !== hash) {
        throw new ConflictError(
          "This Idempotency-Key was already used for a different request: use a new key.",
        );
      }
      return answerOf(existing, true);
    }
    const id = randomUUID();
    // A contact named in the input must be a live contact of this org, whatever the action does
    // with it (the journal links it and the timeline shows the action on it).
    const unknownContact = !live;
    const contactId = unknownContact ? null : (named ?? request.callerContactId ?? null);
    const env: ActionEnv<unknown> = {
      tx,
      ctx,
      config: settings.config,
      contactId,
      executionId: id,
      now: new Date(),
    };
    const base = {
      orgId: tx.orgId,
      id,
      action: action.name,
      source: request.source,
      actorId: actorId(ctx.actor),
      idempotencyKey: request.idempotencyKey ?? null,
      requestHash: request.idempotencyKey ? hash : null,
      dryRun: request.dryRun,
      input: maskPersonal(input),
      contactId,
      callId: request.callId ?? null,
    };
    // The journal row, its timeline entry and its audit entry are sent together: everything they
    // need (the id, the status, the words) is known before the row is written.
    const journal = async (fields: JournalFields, full?: Outcome) => {
      const written = !request.dryRun && fields.status !== "refused" && fields.status !== "failed";
      const [[row]] = await Promise.all([
        tx
          .insert(actionExecutions)
          .values({
            ...base,
            finishedAt: new Date(),
            ...fields,
            durationMs: Math.round(performance.now() - started),
          })
          .returning(),
        written ? onTimeline(tx, { ...base, ...fields }, action.label) : undefined,
        written
          ? recordAudit(tx, ctx, {
              action: "action.executed",
              targetType: "action_execution",
              targetId: id,
              metadata: executionAuditMetadata(action.name, fields, request.source),
            })
          : undefined,
      ]);
      const answer = answerOf(row as ActionExecution, false);
      // A dry-run's caller sees the effect in full (it asked to see it); the journal keeps it masked.
      return full ? { ...answer, effect: full.effect, destination: full.destination } : answer;
    };

    if (unknownContact) {
      return journal({
        status: "failed",
        result: "This contact was not found.",
        error: "unknown contact",
      });
    }
    if (!settings.enabled) {
      return journal({
        status: "refused",
        result: `${action.label} is turned off for this business.`,
        error: "turned off in Settings → Actions",
      });
    }
    const waits = settings.needsApproval && !request.dryRun;
    if (request.dryRun || waits) {
      const tried = await attempt(tx, (inner) => action.preview({ ...env, tx: inner }, input));
      if (!tried.ok) return journal({ status: "failed", result: tried.error, error: tried.error });
      if (waits) {
        return journal({
          status: "pending_approval",
          result: WAITING,
          effect: maskPersonal(tried.outcome.effect),
          pendingInput: input,
          finishedAt: null,
        });
      }
      return journal(
        {
          status: tried.outcome.status,
          result: tried.outcome.result,
          effect: maskPersonal(tried.outcome.effect),
        },
        tried.outcome,
      );
    }
    const done = await attempt(tx, (inner) => action.run({ ...env, tx: inner }, input));
    if (!done.ok) return journal({ status: "failed", result: done.error, error: done.error });
    const answer = await journal({
      status: done.outcome.status,
      result: done.outcome.result,
      effect: maskPersonal(done.outcome.effect),
      pendingInput: done.outcome.keepInput ? input : null,
      finishedAt: done.outcome.keepInput ? null : new Date(),
    });
    return done.outcome.destination ? { ...answer, destination: done.outcome.destination } : answer;
  };
  return within ? inSavepoint(within, run) : withTenant(ctx, run);
}
