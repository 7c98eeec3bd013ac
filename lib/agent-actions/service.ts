import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { actionSettings, orgs, tasks, timelineEvents } from "@/db/schema";
import { requirePermission } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import type { TenantContext } from "@/lib/context";
import { withTenant, type TenantTx } from "@/lib/db/scopes";
import { isLiveContact } from "./execution-steps";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { parseInput } from "@/lib/parse-input";
import { teammate } from "./org-facts";
import { findAction } from "./registry";
import {
  actionSettingsSchema,
  taskFormSchema,
  type ActionSettingsInput,
  type TaskFormInput,
} from "./schemas";
import { sealActionSecret } from "./secret-store";
import { isWebhookSecret } from "@/lib/standard-webhooks/sign";

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

/**
 * The task form's checks against the database: the assignee is a teammate and the contact a live
 * contact of this org. Refused with the field's own message, so the form shows it in place.
 */
async function checkTaskLinks(
  tx: TenantTx,
  input: { assigneeId?: string | null; contactId?: string | null },
) {
  const [assignee, live] = await Promise.all([
    input.assigneeId ? teammate(tx, input.assigneeId) : true,
    input.contactId ? isLiveContact(tx, input.contactId) : true,
  ]);
  const errors: Record<string, string[]> = {};
  if (!assignee) errors.assigneeId = ["Choose a teammate of this organisation."];
  if (!live) errors.contactId = ["This contact no longer exists (deleted or merged)."];
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
}

/** The due date typed in the org's time zone, as a timestamp the database computes. */
const dueAtFrom = (tx: TenantTx, dueLocal: string | null | undefined) =>
  dueLocal
    ? sql`(${dueLocal}::timestamp at time zone (select ${orgs.timezone} from ${orgs} where ${orgs.id} = ${tx.orgId}))`
    : null;

/** A task written by a person (Tasks → New task, or from a contact's page). */
export async function createTask(ctx: TenantContext, raw: TaskFormInput) {
  requirePermission(ctx, "tasks.write");
  const input = parseInput(taskFormSchema, raw);
  return withTenant(ctx, async (tx) => {
    await checkTaskLinks(tx, input);
    const done = input.status === "done";
    const me = ctx.actor.type === "user" ? ctx.actor.userId : null;
    const [row] = await tx
      .insert(tasks)
      .values({
        orgId: tx.orgId,
        title: input.title,
        details: input.details ?? null,
        dueAt: dueAtFrom(tx, input.dueLocal),
        assigneeId: input.assigneeId ?? null,
        contactId: input.contactId ?? null,
        status: input.status,
        completedAt: done ? sql`now()` : null,
        completedBy: done ? me : null,
      })
      .returning({ id: tasks.id });
    // On the contact's timeline, as the agent's follow-up tasks are (rendered like an action's).
    if (input.contactId) {
      await tx.insert(timelineEvents).values({
        orgId: tx.orgId,
        contactId: input.contactId,
        kind: "task.created",
        occurredAt: new Date(),
        data: { taskId: row!.id, label: "Task added by the team", result: input.title },
        dedupeKey: `task:${row!.id}`,
      });
    }
    await recordAudit(tx, ctx, {
      action: "task.created",
      targetType: "task",
      targetId: row!.id,
      metadata: { contactId: input.contactId ?? null, assigned: Boolean(input.assigneeId) },
    });
    return { id: row!.id, contactId: input.contactId ?? null };
  });
}

/** Edits a task: every field of the form; a task marked done records when and by whom. */
export async function updateTask(ctx: TenantContext, taskId: string, raw: TaskFormInput) {
  requirePermission(ctx, "tasks.write");
  const input = parseInput(taskFormSchema, raw);
  return withTenant(ctx, async (tx) => {
    const [current] = await tx
      .select({ status: tasks.status })
      .from(tasks)
      .where(and(eq(tasks.orgId, tx.orgId), eq(tasks.id, taskId)))
      .for("update");
    if (!current) throw new NotFoundError("This task");
    await checkTaskLinks(tx, input);
    const me = ctx.actor.type === "user" ? ctx.actor.userId : null;
    const completion =
      input.status === current.status
        ? {}
        : input.status === "done"
          ? { completedAt: sql`now()`, completedBy: me }
          : { completedAt: null, completedBy: null };
    await tx
      .update(tasks)
      .set({
        title: input.title,
        details: input.details ?? null,
        dueAt: dueAtFrom(tx, input.dueLocal),
        assigneeId: input.assigneeId ?? null,
        contactId: input.contactId ?? null,
        status: input.status,
        ...completion,
      })
      .where(and(eq(tasks.orgId, tx.orgId), eq(tasks.id, taskId)));
    await recordAudit(tx, ctx, {
      action: "task.updated",
      targetType: "task",
      targetId: taskId,
      metadata: { status: input.status, assigned: Boolean(input.assigneeId) },
    });
    return { id: taskId, contactId: input.contactId ?? null };
  });
}
