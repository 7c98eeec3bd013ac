import "server-only";
import { and, asc, desc, eq, gte, isNull, lt, sql, type SQL } from "drizzle-orm";
import { contacts, memberships, orgs, tasks, users } from "@/db/schema";
import { requirePermission } from "@/lib/auth/permissions";
import type { TenantContext } from "@/lib/context";
import { withTenant } from "@/lib/db/scopes";
import type { TaskFilters } from "./schemas";

// The reads of the Tasks page and the task form.

const isUserId = (assignee: TaskFilters["assignee"]) =>
  assignee !== "me" && assignee !== "unassigned" && assignee !== "anyone";

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
      isUserId(filters.assignee) ? eq(tasks.assigneeId, filters.assignee) : undefined,
      filters.contact ? eq(tasks.contactId, filters.contact) : undefined,
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

export type TaskForEdit = {
  id: string;
  title: string;
  details: string | null;
  status: "open" | "done";
  /** The due date as a datetime-local field shows it, in the org's time zone; "" when none. */
  dueLocal: string;
  assigneeId: string | null;
  contactId: string | null;
  contactName: string | null;
};

/** One task as its form edits it; null when the org has no such task. */
export async function getTaskForEdit(ctx: TenantContext, id: string): Promise<TaskForEdit | null> {
  requirePermission(ctx, "tasks.read");
  const [row] = await withTenant(ctx, (tx) =>
    tx
      .select({
        id: tasks.id,
        title: tasks.title,
        details: tasks.details,
        status: tasks.status,
        dueLocal: sql<string>`coalesce(to_char(${tasks.dueAt} at time zone ${orgs.timezone}, 'YYYY-MM-DD"T"HH24:MI'), '')`,
        assigneeId: tasks.assigneeId,
        contactId: tasks.contactId,
        contactName: contacts.name,
      })
      .from(tasks)
      .innerJoin(orgs, eq(orgs.id, tasks.orgId))
      .leftJoin(contacts, and(eq(contacts.orgId, tasks.orgId), eq(contacts.id, tasks.contactId)))
      .where(and(eq(tasks.orgId, tx.orgId), eq(tasks.id, id))),
  );
  return (row as TaskForEdit | undefined) ?? null;
}

/** A contact's name for a filter's label ("Tasks of Jo Martin"); null when not in this org. */
export async function contactLabel(ctx: TenantContext, id: string): Promise<string | null> {
  const [row] = await withTenant(ctx, (tx) =>
    tx
      .select({ name: contacts.name, phone: contacts.phoneE164 })
      .from(contacts)
      .where(and(eq(contacts.orgId, tx.orgId), eq(contacts.id, id))),
  );
  return row ? row.name || row.phone || "Unnamed contact" : null;
}

export const teammatesOf = (ctx: TenantContext) =>
  withTenant(ctx, (tx) =>
    tx
      .select({ id: users.id, name: users.name, email: users.email })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(memberships.orgId, tx.orgId))
      .orderBy(asc(users.name)),
  );

/** The org's members, for a task's assignee and the Tasks page's filter (members see them too). */
export async function listAssignees(ctx: TenantContext) {
  requirePermission(ctx, "tasks.read");
  return teammatesOf(ctx);
}
