import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import {
  actionExecutions,
  actionSettings,
  contacts,
  timelineEvents,
  type ActionExecution,
  type ExecutionStatus,
} from "@/db/schema";
import { inSavepoint, type TenantTx } from "@/lib/db/scopes";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { ActionFailure, type ActionDefinition, type Outcome } from "./definition";

// The steps execute.ts and approval.ts share, each inside the caller's tenant transaction: the
// org's settings of an action, the idempotency lock, the executor in a savepoint, the timeline
// entry and the answer built from a journal row.

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

/** The fields a journal row is written or finished with. */
export type JournalFields = Pick<ActionExecution, "status" | "result"> &
  Partial<Pick<ActionExecution, "effect" | "error" | "pendingInput" | "finishedAt">>;

export type Settings = {
  enabled: boolean;
  needsApproval: boolean;
  config: Record<string, unknown>;
};

export async function settingsOf(tx: TenantTx, action: ActionDefinition): Promise<Settings> {
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

export function answerOf(row: ActionExecution, replayed: boolean): ExecutionAnswer {
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
 * Runs `action.run` (or `preview`) in a savepoint of `tx`, on the savepoint's transaction `inner`:
 * a failure, in the executor's code or in a query it sent, rolls back whatever it wrote and comes
 * back as words, so the journal entry written after it still commits.
 */
export async function attempt(
  tx: TenantTx,
  work: (inner: TenantTx) => Promise<Outcome>,
): Promise<{ ok: true; outcome: Outcome } | { ok: false; error: string }> {
  try {
    return { ok: true, outcome: await inSavepoint(tx, work) };
  } catch (error) {
    const words = failureWords(error);
    if (!words) log.error({ err: error, orgId: tx.orgId }, "action failed unexpectedly");
    return {
      ok: false,
      error: words ?? "Something went wrong on our side; the team has been told.",
    };
  }
}

export async function onTimeline(
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

export async function isLiveContact(tx: TenantTx, id: string): Promise<boolean> {
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
export async function firstUnderKey(
  tx: TenantTx,
  key: string,
): Promise<ActionExecution | undefined> {
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

/**
 * The metadata of an execution's audit entry: the action, how it ended, who ran it, and the names
 * (never the values) of the fields it changed, so the log can say what happened in words
 * (components/audit/describe.ts) without holding anyone's data.
 */
export function executionAuditMetadata(
  action: string,
  fields: JournalFields,
  source: string,
): Record<string, unknown> {
  const diff = fields.effect?.diff;
  const changed = diff && typeof diff === "object" && !Array.isArray(diff) ? Object.keys(diff) : [];
  return { action, status: fields.status, source, ...(changed.length ? { fields: changed } : {}) };
}
