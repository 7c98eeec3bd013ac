import "server-only";
import { and, asc, desc, eq, gte, isNull, lt, sql, type SQL } from "drizzle-orm";
import {
  actionExecutions,
  actionSettings,
  contacts,
  memberships,
  orgs,
  tasks,
  users,
  type ActionExecution,
} from "@/db/schema";
import { requirePermission } from "@/lib/auth/permissions";
import type { TenantContext } from "@/lib/context";
import { withTenant } from "@/lib/db/scopes";
import { decodeCursor, keysetPage, olderThan } from "@/lib/pagination";
import type { RiskClass } from "./definition";
import { ACTIONS, inputJsonSchema, vapiToolDefinition } from "./registry";
import type { JournalFilters, TaskFilters } from "./schemas";

export type CatalogEntry = {
  name: string;
  label: string;
  description: string;
  risk: RiskClass;
  runBy: readonly string[];
  external: boolean;
  enabled: boolean;
  requireApproval: boolean;
  config: Record<string, unknown>;
  hasSecret: boolean;
  inputSchema: Record<string, unknown>;
  vapiTool: Record<string, unknown>;
};

/** Every action with this org's settings, its JSON Schema and its VAPI tool definition. */
export async function actionCatalog(ctx: TenantContext): Promise<CatalogEntry[]> {
  requirePermission(ctx, "actions.read");
  const rows = await withTenant(ctx, (tx) =>
    tx.select().from(actionSettings).where(eq(actionSettings.orgId, tx.orgId)),
  );
  return Object.values(ACTIONS).map((action) => {
    const row = rows.find((r) => r.action === action.name);
    return {
      name: action.name,
      label: action.label,
      description: action.description,
      risk: action.risk,
      runBy: action.runBy,
      external: action.external,
      enabled: row?.enabled ?? false,
      requireApproval: row?.requireApproval ?? action.risk === "needs_approval",
      config: row?.config ?? {},
      hasSecret: Boolean(row?.secretCiphertext),
      inputSchema: inputJsonSchema(action),
      vapiTool: vapiToolDefinition(action),
    };
  });
}

/** The VAPI tools of the enabled actions, to paste into VAPI or serve in assistant-request. */
export async function enabledVapiTools(ctx: TenantContext) {
  return (await actionCatalog(ctx)).filter((a) => a.enabled).map((a) => a.vapiTool);
}

export type JournalRow = Pick<
  ActionExecution,
  | "id"
  | "action"
  | "source"
  | "status"
  | "dryRun"
  | "result"
  | "error"
  | "input"
  | "effect"
  | "durationMs"
  | "contactId"
  | "createdAt"
  | "attempts"
>;

const JOURNAL_PAGE = 25;

/** Settings → Actions → Journal: newest first, filtered, keyset-paged. */
export async function listJournal(ctx: TenantContext, filters: JournalFilters) {
  requirePermission(ctx, "actions.read");
  const e = actionExecutions;
  return withTenant(ctx, async (tx) => {
    const conditions: (SQL | undefined)[] = [
      eq(e.orgId, tx.orgId),
      filters.action ? eq(e.action, filters.action) : undefined,
      filters.status ? eq(e.status, filters.status) : undefined,
      filters.mode === "all" ? undefined : eq(e.dryRun, filters.mode === "dry-run"),
      olderThan(e.createdAt, e.id, decodeCursor(filters.cursor)),
    ];
    const rows = await tx
      .select({
        id: e.id,
        action: e.action,
        source: e.source,
        status: e.status,
        dryRun: e.dryRun,
        result: e.result,
        error: e.error,
        input: e.input,
        effect: e.effect,
        durationMs: e.durationMs,
        contactId: e.contactId,
        createdAt: e.createdAt,
        attempts: e.attempts,
      })
      .from(e)
      .where(and(...conditions))
      .orderBy(desc(e.createdAt), desc(e.id))
      .limit(JOURNAL_PAGE + 1);
    const [org] = await tx
      .select({ timezone: orgs.timezone })
      .from(orgs)
      .where(eq(orgs.id, tx.orgId));
    const { page, nextCursor } = keysetPage(rows, JOURNAL_PAGE, (r) => ({
      at: r.createdAt,
      id: r.id,
    }));
    return { rows: page as JournalRow[], nextCursor, timezone: org?.timezone ?? "UTC" };
  });
}

/** What waits for an admin's decision, oldest first. */
export async function listPendingApprovals(ctx: TenantContext) {
  requirePermission(ctx, "actions.read");
  const e = actionExecutions;
  return withTenant(ctx, (tx) =>
    tx
      .select({
        id: e.id,
        action: e.action,
        source: e.source,
        input: e.input,
        effect: e.effect,
        /** The request as asked: who approves it must see what it does (actions.approve only). */
        pendingInput: e.pendingInput,
        contactId: e.contactId,
        createdAt: e.createdAt,
      })
      .from(e)
      .where(and(eq(e.orgId, tx.orgId), eq(e.status, "pending_approval")))
      .orderBy(asc(e.createdAt))
      .limit(50),
  );
}

export type TaskRow = {
  id: string;
  title: string;
  details: string | null;
  status: "open" | "done";
  dueAt: Date | null;
  createdAt: Date;
  completedAt: Date | null;
  contactId: string | null;
  contactName: string | null;
  assigneeId: string | null;
  assigneeName: string | null;
};

/** The Tasks page: filtered by status, assignee and due date; due first, then newest. */
export async function listTasks(ctx: TenantContext, filters: TaskFilters) {
  requirePermission(ctx, "tasks.read");
  return withTenant(ctx, async (tx) => {
    const [org] = await tx
      .select({ timezone: orgs.timezone })
      .from(orgs)
      .where(eq(orgs.id, tx.orgId));
    const timezone = org?.timezone ?? "UTC";
    // Day boundaries in the org's time zone.
    const startOfToday = sql`(date_trunc('day', now() at time zone ${timezone}) at time zone ${timezone})`;
    const me = ctx.actor.type === "user" ? ctx.actor.userId : null;
    const conditions: (SQL | undefined)[] = [
      eq(tasks.orgId, tx.orgId),
      filters.status === "all" ? undefined : eq(tasks.status, filters.status),
      filters.assignee === "me" ? (me ? eq(tasks.assigneeId, me) : sql`false`) : undefined,
      filters.assignee === "unassigned" ? isNull(tasks.assigneeId) : undefined,
      filters.due === "overdue" ? lt(tasks.dueAt, sql`now()`) : undefined,
      filters.due === "today"
        ? and(
            gte(tasks.dueAt, startOfToday),
            lt(tasks.dueAt, sql`${startOfToday} + interval '1 day'`),
          )
        : undefined,
      filters.due === "week"
        ? and(
            gte(tasks.dueAt, startOfToday),
            lt(tasks.dueAt, sql`${startOfToday} + interval '7 days'`),
          )
        : undefined,
    ];
    const rows = await tx
      .select({
        id: tasks.id,
        title: tasks.title,
        details: tasks.details,
        status: tasks.status,
        dueAt: tasks.dueAt,
        createdAt: tasks.createdAt,
        completedAt: tasks.completedAt,
        contactId: tasks.contactId,
        contactName: contacts.name,
        assigneeId: tasks.assigneeId,
        assigneeName: users.name,
      })
      .from(tasks)
      .leftJoin(contacts, and(eq(contacts.orgId, tasks.orgId), eq(contacts.id, tasks.contactId)))
      .leftJoin(users, eq(users.id, tasks.assigneeId))
      .where(and(...conditions))
      .orderBy(sql`${tasks.dueAt} asc nulls last`, desc(tasks.createdAt))
      .limit(200);
    return { rows: rows as TaskRow[], timezone };
  });
}

/** The org's time zone, for the pages' dates. */
export async function orgTimezone(ctx: TenantContext): Promise<string> {
  const [org] = await withTenant(ctx, (tx) =>
    tx.select({ timezone: orgs.timezone }).from(orgs).where(eq(orgs.id, tx.orgId)),
  );
  return org?.timezone ?? "UTC";
}

/** The org's members, for the ticket action's assignee. */
export async function listTeammates(ctx: TenantContext) {
  requirePermission(ctx, "actions.read");
  return withTenant(ctx, (tx) =>
    tx
      .select({ id: users.id, name: users.name, email: users.email })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(memberships.orgId, tx.orgId))
      .orderBy(asc(users.name)),
  );
}
