import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { actionSettings, tasks } from "@/db/schema";
import { requirePermission } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import type { TenantContext } from "@/lib/context";
import { withTenant } from "@/lib/db/scopes";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { parseInput } from "@/lib/parse-input";
import { teammate } from "./org-facts";
import { findAction } from "./registry";
import { actionSettingsSchema, type ActionSettingsInput } from "./schemas";
import { sealActionSecret } from "./secret-store";
import { isWebhookSecret } from "./signature";

/** Settings → Actions: turns an action on or off, its approval, its configuration and secret. */
export async function saveActionSettings(ctx: TenantContext, raw: ActionSettingsInput) {
  requirePermission(ctx, "actions.configure");
  const input = parseInput(actionSettingsSchema, raw);
  const action = findAction(input.action)!;
  const config = parseInput(action.config, input.config) as Record<string, unknown>;
  const secret = input.secret?.trim() || null;
  if (secret && !isWebhookSecret(secret)) {
    throw new ValidationError({
      secret: ["Use a Standard Webhooks secret: whsec_ followed by at least 16 bytes in base64."],
    });
  }
  return withTenant(ctx, async (tx) => {
    if (typeof config.assigneeId === "string" && !(await teammate(tx, config.assigneeId))) {
      throw new ValidationError({
        "config.assigneeId": ["Choose a teammate of this organisation."],
      });
    }
    const values = {
      enabled: input.enabled,
      requireApproval:
        input.requireApproval === (action.risk === "needs_approval") ? null : input.requireApproval,
      config,
      updatedAt: new Date(),
      updatedBy: ctx.actor.type === "user" ? ctx.actor.userId : null,
      ...(secret ? { secretCiphertext: sealActionSecret(tx.orgId, action.name, secret) } : {}),
    };
    await tx
      .insert(actionSettings)
      .values({ orgId: tx.orgId, action: action.name, ...values })
      .onConflictDoUpdate({ target: [actionSettings.orgId, actionSettings.action], set: values });
    await recordAudit(tx, ctx, {
      action: "action.settings_changed",
      targetType: "action",
      targetId: action.name,
      metadata: {
        enabled: input.enabled,
        requireApproval: input.requireApproval,
        fields: Object.keys(config),
        secretReplaced: Boolean(secret),
      },
    });
    return { action: action.name };
  });
}

/** Marks a task done (or open again). */
export async function setTaskStatus(ctx: TenantContext, taskId: string, status: "open" | "done") {
  requirePermission(ctx, "tasks.write");
  return withTenant(ctx, async (tx) => {
    const [row] = await tx
      .update(tasks)
      .set(
        status === "done"
          ? {
              status,
              completedAt: sql`now()`,
              completedBy: ctx.actor.type === "user" ? ctx.actor.userId : null,
            }
          : { status, completedAt: null, completedBy: null },
      )
      .where(and(eq(tasks.orgId, tx.orgId), eq(tasks.id, taskId)))
      .returning({ id: tasks.id });
    if (!row) throw new NotFoundError("This task");
    await recordAudit(tx, ctx, {
      action: status === "done" ? "task.completed" : "task.reopened",
      targetType: "task",
      targetId: taskId,
    });
    return { id: taskId, status };
  });
}
