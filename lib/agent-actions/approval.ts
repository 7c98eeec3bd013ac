import "server-only";
import { and, eq } from "drizzle-orm";
import { actionExecutions } from "@/db/schema";
import { requirePermission } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import type { TenantContext } from "@/lib/context";
import { withTenant } from "@/lib/db/scopes";
import { ConflictError, NotFoundError } from "@/lib/errors";
import type { ActionEnv } from "./definition";
import {
  answerOf,
  attempt,
  onTimeline,
  settingsOf,
  type ExecutionAnswer,
  type JournalFields,
} from "./execution-steps";
import { maskPersonal } from "./mask";
import { findAction } from "./registry";

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
    const finish = async (fields: JournalFields) => {
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
    const done = await attempt(tx, (inner) =>
      action.run({ ...env, tx: inner }, row.pendingInput ?? {}),
    );
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
