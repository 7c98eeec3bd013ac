import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import {
  actionExecutions,
  actionSettings,
  contacts,
  timelineEvents,
  type ActionExecution,
  type ActionSource,
  type ExecutionStatus,
} from "@/db/schema";
import { requirePermission } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import { actorId, type TenantContext } from "@/lib/context";
import { withTenant, type TenantTx } from "@/lib/db/scopes";
import { AppError, ConflictError, ForbiddenError, NotFoundError } from "@/lib/errors";
import { canonicalJson } from "@/lib/json";
import { log } from "@/lib/log";
import { parseInput } from "@/lib/parse-input";
import { ActionFailure, type ActionDefinition, type ActionEnv, type Outcome } from "./definition";
import { maskPersonal } from "./mask";
import { findAction } from "./registry";

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

export type ExecutionAnswer = {
  executionId: string;
  action: string;
  status: ExecutionStatus;
  dryRun: boolean;
  /** One line the agent can say. */
  result: string;
  /** What it did or would do: in full to the caller of a dry-run, masked once stored. */
  effect: Record<string, unknown> | null;
  /** The first answer again (same idempotency key). */
  replayed: boolean;
  destination?: Outcome["destination"];
};

const SOURCE_WORDS: Record<ActionSource, string> = {
  agent: "the agent during a call",
  api: "the API",
  user: "the dashboard",
};

const WAITING = "I've passed this on: someone from the team must approve it first.";

export function requestHash(request: Pick<ExecuteRequest, "action" | "input" | "dryRun">): string {
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

type Settings = { enabled: boolean; needsApproval: boolean; config: Record<string, unknown> };

async function settingsOf(tx: TenantTx, action: ActionDefinition): Promise<Settings> {
  const [row] = await tx
    .select()
    .from(actionSettings)
    .where(and(eq(actionSettings.orgId, tx.orgId), eq(actionSettings.action, action.name)));
  const parsed = action.config.safeParse(row?.config ?? {});
  return {
    enabled: row?.enabled ?? false,
    needsApproval: row?.requireApproval ?? action.risk === "needs_approval",
    config: {
      ...((parsed.success ? parsed.data : {}) as Record<string, unknown>),
      hasSecret: Boolean(row?.secretCiphertext),
    },
  };
}

function answerOf(row: ActionExecution, replayed: boolean): ExecutionAnswer {
  const destination = row.effect?.destination as ExecutionAnswer["destination"] | undefined;
  return {
    executionId: row.id,
    action: row.action,
    status: row.status,
    dryRun: row.dryRun,
    result: row.result,
    effect: row.effect ?? null,
    replayed,
    ...(destination && row.status === "succeeded"
      ? { destination: { ...destination, type: "number" as const } }
      : {}),
  };
}

/** Words for a failure: an executor's or an expected error's own sentence, else a general one. */
function failureWords(error: unknown): string | null {
  if (error instanceof ActionFailure || error instanceof AppError) return error.message;
  return null;
}

/**
 * Runs `action.run` (or `preview`) in a savepoint of `tx`: a failure rolls back whatever the
 * executor wrote and comes back as words, so the journal entry written after it still commits.
 */
async function attempt(
  tx: TenantTx,
  work: () => Promise<Outcome>,
): Promise<{ ok: true; outcome: Outcome } | { ok: false; error: string }> {
  await tx.execute(sql`savepoint agent_action`);
  try {
    const outcome = await work();
    await tx.execute(sql`release savepoint agent_action`);
    return { ok: true, outcome };
  } catch (error) {
    await tx.execute(sql`rollback to savepoint agent_action`);
    const words = failureWords(error);
    if (!words) log.error({ err: error, orgId: tx.orgId }, "action failed unexpectedly");
    return {
      ok: false,
      error: words ?? "Something went wrong on our side; the team has been told.",
    };
  }
}

async function onTimeline(
  tx: TenantTx,
  row: Pick<ActionExecution, "id" | "action" | "contactId" | "status" | "result">,
  label: string,
) {
  if (!row.contactId) return;
  const data = {
    executionId: row.id,
    action: row.action,
    label,
    status: row.status,
    result: row.result,
  };
  await tx
    .insert(timelineEvents)
    .values({
      orgId: tx.orgId,
      contactId: row.contactId,
      kind: `action.${row.action}`,
      occurredAt: new Date(),
      data,
      dedupeKey: `action:${row.id}`,
    })
    .onConflictDoUpdate({
      target: [timelineEvents.orgId, timelineEvents.dedupeKey],
      set: { data },
    });
}

async function isLiveContact(tx: TenantTx, id: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: contacts.id })
    .from(contacts)
    .where(and(eq(contacts.orgId, tx.orgId), eq(contacts.id, id), isNull(contacts.mergedIntoId)));
  return Boolean(row);
}

/**
 * The execution already filed under `key`, after taking the key's lock: a second caller with the
 * same key waits here for the first one's transaction, then reads its row.
 */
async function firstUnderKey(tx: TenantTx, key: string): Promise<ActionExecution | undefined> {
  const [, rows] = await Promise.all([
    tx.execute(
      sql`select pg_advisory_xact_lock(hashtextextended(${`action:${tx.orgId}:${key}`}, 0))`,
    ),
    tx
      .select()
      .from(actionExecutions)
      .where(and(eq(actionExecutions.orgId, tx.orgId), eq(actionExecutions.idempotencyKey, key))),
  ]);
  return rows[0];
}

/** Runs (or dry-runs) one action; see the file's header. Returns the journal's answer. */
export async function executeAction(
  ctx: TenantContext,
  request: ExecuteRequest,
): Promise<ExecutionAnswer> {
  const action = authorise(ctx, request.action, request.source);
  const input = parseInput(action.input, request.input) as Record<string, unknown>;
  const hash = requestHash(request);
  const started = performance.now();
  return withTenant(ctx, async (tx) => {
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
    const journal = async (
      fields: Pick<ActionExecution, "status" | "result"> &
        Partial<Pick<ActionExecution, "effect" | "error" | "pendingInput" | "finishedAt">>,
      full?: Outcome,
    ) => {
      const [row] = await tx
        .insert(actionExecutions)
        .values({
          ...base,
          finishedAt: new Date(),
          ...fields,
          durationMs: Math.round(performance.now() - started),
        })
        .returning();
      if (!request.dryRun && row!.status !== "refused" && row!.status !== "failed") {
        await Promise.all([
          onTimeline(tx, row!, action.label),
          recordAudit(tx, ctx, {
            action: "action.executed",
            targetType: "action_execution",
            targetId: id,
            metadata: { action: action.name, status: row!.status, source: request.source },
          }),
        ]);
      }
      const answer = answerOf(row!, false);
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
      const tried = await attempt(tx, () => action.preview(env, input));
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
    const done = await attempt(tx, () => action.run(env, input));
    if (!done.ok) return journal({ status: "failed", result: done.error, error: done.error });
    const answer = await journal({
      status: done.outcome.status,
      result: done.outcome.result,
      effect: maskPersonal(done.outcome.effect),
      pendingInput: done.outcome.keepInput ? input : null,
      finishedAt: done.outcome.keepInput ? null : new Date(),
    });
    return done.outcome.destination ? { ...answer, destination: done.outcome.destination } : answer;
  });
}

/**
 * An admin accepts or declines an execution that waits for approval. Accepting runs it now, as the
 * admin (whose permissions the action's are checked against), in the same way as executeAction.
 */
export async function decideApproval(
  ctx: TenantContext,
  executionId: string,
  decision: "accept" | "decline",
): Promise<ExecutionAnswer> {
  requirePermission(ctx, "actions.approve");
  return withTenant(ctx, async (tx) => {
    const [row] = await tx
      .select()
      .from(actionExecutions)
      .where(and(eq(actionExecutions.orgId, tx.orgId), eq(actionExecutions.id, executionId)))
      .for("update");
    if (!row) throw new NotFoundError("This approval");
    if (row.status !== "pending_approval") {
      throw new ConflictError("This request was already decided.");
    }
    const action = findAction(row.action);
    if (!action) throw new NotFoundError("This action");
    const decided = {
      decidedBy: ctx.actor.type === "user" ? ctx.actor.userId : null,
      decidedAt: new Date(),
    };
    const finish = async (
      fields: Pick<ActionExecution, "status" | "result"> &
        Partial<Pick<ActionExecution, "effect" | "error" | "pendingInput" | "finishedAt">>,
    ) => {
      const [updated] = await tx
        .update(actionExecutions)
        .set({ pendingInput: null, finishedAt: new Date(), ...decided, ...fields })
        .where(and(eq(actionExecutions.orgId, tx.orgId), eq(actionExecutions.id, row.id)))
        .returning();
      await onTimeline(tx, updated!, action.label);
      await recordAudit(tx, ctx, {
        action: decision === "accept" ? "action.approved" : "action.declined",
        targetType: "action_execution",
        targetId: row.id,
        metadata: { action: row.action, status: updated!.status },
      });
      return answerOf(updated!, false);
    };
    if (decision === "decline") {
      return finish({ status: "declined", result: "An admin declined this request." });
    }
    for (const permission of action.permissions) requirePermission(ctx, permission);
    const settings = await settingsOf(tx, action);
    if (!settings.enabled) {
      throw new ConflictError(`${action.label} is turned off: turn it on before accepting.`);
    }
    const env: ActionEnv<unknown> = {
      tx,
      ctx,
      config: settings.config,
      contactId: row.contactId,
      executionId: row.id,
      now: new Date(),
    };
    const done = await attempt(tx, () => action.run(env, row.pendingInput ?? {}));
    if (!done.ok) return finish({ status: "failed", result: done.error, error: done.error });
    return finish({
      status: done.outcome.status,
      result: done.outcome.result,
      effect: maskPersonal(done.outcome.effect),
      pendingInput: done.outcome.keepInput ? row.pendingInput : null,
      finishedAt: done.outcome.keepInput ? null : new Date(),
    });
  });
}
