import "server-only";
import { and, desc, eq, gte, inArray, like, lt, or, sql, type SQL } from "drizzle-orm";
import {
  actionExecutions,
  AUDIT_READ_ACTIONS,
  auditLog,
  auditNotARead,
  contacts,
  conversations,
  orgs,
  users,
} from "@/db/schema";
import { requirePermission } from "@/lib/auth/permissions";
import type { TenantContext } from "@/lib/context";
import { withTenant, type TenantTx } from "@/lib/db/scopes";
import { decodeCursor, keysetPage, olderThan } from "@/lib/pagination";
import { AUDIT_AREAS, type AuditFilter } from "./filters";

export type AuditRow = {
  id: string;
  action: string;
  actorType: string;
  actorId: string | null;
  actorName: string | null;
  targetType: string | null;
  targetId: string | null;
  metadata: Record<string, unknown>;
  createdAt: Date;
  /**
   * The contact the entry is about (a contact target, or a conversation's contact), named when the
   * log is read: entries hold ids only, never the name.
   */
  contact: {
    id: string;
    name: string | null;
    phoneE164: string | null;
    email: string | null;
  } | null;
};

export type AuditPage = { rows: AuditRow[]; nextCursor: string | null; timezone: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function filterConditions(filter: AuditFilter, timezone: string): SQL[] {
  const where: SQL[] = [];
  if (filter.actor) {
    where.push(eq(auditLog.actorType, "user"), eq(auditLog.actorId, filter.actor));
  }
  if (filter.area === "reads") where.push(inArray(auditLog.action, [...AUDIT_READ_ACTIONS]));
  else if (filter.area) {
    const prefixes = AUDIT_AREAS[filter.area].prefixes;
    where.push(auditNotARead, or(...prefixes.map((p) => like(auditLog.action, `${p}%`)))!);
  }
  // Whole days in the org's time zone: from its first midnight to the midnight after `to`.
  if (filter.from) {
    where.push(
      gte(auditLog.createdAt, sql`(${filter.from}::date)::timestamp at time zone ${timezone}`),
    );
  }
  if (filter.to) {
    where.push(
      lt(auditLog.createdAt, sql`(${filter.to}::date + 1)::timestamp at time zone ${timezone}`),
    );
  }
  return where;
}

/**
 * The contacts the entries are about, by entry id: a contact target, or the contact of a
 * conversation or of an action's execution (one query per kind present, one for the contacts).
 */
async function contactsOf(
  tx: TenantTx,
  rows: Array<{ id: string; targetType: string | null; targetId: string | null }>,
): Promise<Map<string, AuditRow["contact"]>> {
  const { orgId } = tx;
  const ids = (type: string) => [
    ...new Set(
      rows
        .filter((r) => r.targetType === type && r.targetId && UUID.test(r.targetId))
        .map((r) => r.targetId!),
    ),
  ];
  // Target id → contact id, for targets that lead to a contact: conversations and action
  // executions, read together (postgres.js pipelines a transaction's queries).
  const contactOfTargets = (
    table: typeof conversations | typeof actionExecutions,
    targetIds: string[],
  ) =>
    targetIds.length === 0
      ? []
      : tx
          .select({ id: table.id, contactId: table.contactId })
          .from(table)
          .where(and(eq(table.orgId, orgId), inArray(table.id, targetIds)));
  const found = await Promise.all([
    contactOfTargets(conversations, ids("conversation")),
    contactOfTargets(actionExecutions, ids("action_execution")),
  ]);
  const via = new Map<string, string>();
  for (const t of found.flat()) if (t.contactId) via.set(t.id, t.contactId);
  const contactIds = [...new Set([...ids("contact"), ...via.values()])];
  const byId = new Map<string, NonNullable<AuditRow["contact"]>>();
  if (contactIds.length > 0) {
    const found = await tx
      .select({
        id: contacts.id,
        name: contacts.name,
        phoneE164: contacts.phoneE164,
        email: contacts.email,
      })
      .from(contacts)
      .where(and(eq(contacts.orgId, orgId), inArray(contacts.id, contactIds)));
    for (const c of found) byId.set(c.id, c);
  }
  const out = new Map<string, AuditRow["contact"]>();
  for (const r of rows) {
    const contactId =
      r.targetType === "contact" ? r.targetId : r.targetId ? via.get(r.targetId) : null;
    out.set(r.id, (contactId && byId.get(contactId)) || null);
  }
  return out;
}

/**
 * The org's audit log, newest first, keyset-paged, narrowed by `filter`. `withoutReads` gives the
 * activity feed: what changed, without the reads of personal data (served by a partial index).
 */
export async function listAuditLog(
  ctx: TenantContext,
  opts: {
    cursor?: string | null;
    limit?: number;
    filter?: AuditFilter;
    withoutReads?: boolean;
  } = {},
): Promise<AuditPage> {
  requirePermission(ctx, "audit.read");
  const limit = opts.limit ?? 50;
  const after = decodeCursor(opts.cursor);
  return withTenant(ctx, async (tx) => {
    const [org] = await tx
      .select({ timezone: orgs.timezone })
      .from(orgs)
      .where(eq(orgs.id, ctx.org.id));
    const timezone = org?.timezone ?? "UTC";
    const rows = await tx
      .select({
        id: auditLog.id,
        action: auditLog.action,
        actorType: auditLog.actorType,
        actorId: auditLog.actorId,
        actorName: users.name,
        targetType: auditLog.targetType,
        targetId: auditLog.targetId,
        metadata: auditLog.metadata,
        createdAt: auditLog.createdAt,
      })
      .from(auditLog)
      // actor_id is text (it may be a key id or a job name); only user actors join to a name.
      .leftJoin(
        users,
        and(eq(auditLog.actorType, "user"), sql`${users.id}::text = ${auditLog.actorId}`),
      )
      .where(
        and(
          eq(auditLog.orgId, ctx.org.id),
          ...(opts.withoutReads ? [auditNotARead] : []),
          ...filterConditions(opts.filter ?? {}, timezone),
          olderThan(auditLog.createdAt, auditLog.id, after),
        ),
      )
      .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
      .limit(limit + 1);
    const { page, nextCursor } = keysetPage(rows, limit, (r) => ({ at: r.createdAt, id: r.id }));
    const named = await contactsOf(tx, page);
    return {
      rows: page.map((r) => ({ ...r, contact: named.get(r.id) ?? null })),
      nextCursor,
      timezone,
    };
  });
}

/** The activity feed: the latest changes, reads of personal data left to the audit log. */
export function listActivity(ctx: TenantContext, limit = 5): Promise<AuditPage> {
  return listAuditLog(ctx, { limit, withoutReads: true });
}
