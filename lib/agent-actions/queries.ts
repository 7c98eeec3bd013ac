import "server-only";
import { and, asc, desc, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import {
  actionExecutions,
  actionSettings,
  contacts,
  orgs,
  type ActionExecution,
} from "@/db/schema";
import { requirePermission } from "@/lib/auth/permissions";
import type { TenantContext } from "@/lib/context";
import { withTenant } from "@/lib/db/scopes";
import { decodeCursor, keysetPage, olderThan } from "@/lib/pagination";
import type { RiskClass } from "./definition";
import { ACTIONS, inputJsonSchema, vapiToolDefinition } from "./registry";
import type { JournalFilters } from "./schemas";
import { teammatesOf } from "./task-queries";

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
> & { contactName: string | null };

const JOURNAL_PAGE = 25;

/** Midnight starting `day` (yyyy-mm-dd) in `timezone`, as a timestamptz. */
const startOfDay = (day: string, timezone: string) =>
  sql`(${day}::date::timestamp at time zone ${timezone})`;

/** Settings → Actions → Journal: newest first, filtered, keyset-paged. */
export async function listJournal(ctx: TenantContext, filters: JournalFilters) {
  requirePermission(ctx, "actions.read");
  const e = actionExecutions;
  return withTenant(ctx, async (tx) => {
    // The date range is in the org's time zone (the days the journal shows): read it first.
    const [org] = await tx
      .select({ timezone: orgs.timezone })
      .from(orgs)
      .where(eq(orgs.id, tx.orgId));
    const timezone = org?.timezone ?? "UTC";
    const conditions: (SQL | undefined)[] = [
      eq(e.orgId, tx.orgId),
      filters.action ? eq(e.action, filters.action) : undefined,
      filters.status ? eq(e.status, filters.status) : undefined,
      filters.mode === "all" ? undefined : eq(e.dryRun, filters.mode === "dry-run"),
      filters.contact ? eq(e.contactId, filters.contact) : undefined,
      filters.from ? gte(e.createdAt, startOfDay(filters.from, timezone)) : undefined,
      filters.to
        ? lt(e.createdAt, sql`${startOfDay(filters.to, timezone)} + interval '1 day'`)
        : undefined,
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
        contactName: contacts.name,
      })
      .from(e)
      .leftJoin(contacts, and(eq(contacts.orgId, e.orgId), eq(contacts.id, e.contactId)))
      .where(and(...conditions))
      .orderBy(desc(e.createdAt), desc(e.id))
      .limit(JOURNAL_PAGE + 1);
    const { page, nextCursor } = keysetPage(rows, JOURNAL_PAGE, (r) => ({
      at: r.createdAt,
      id: r.id,
    }));
    return { rows: page as JournalRow[], nextCursor, timezone };
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

/** The org's time zone, for the pages' dates. */
export async function orgTimezone(ctx: TenantContext): Promise<string> {
  const [org] = await withTenant(ctx, (tx) =>
    tx.select({ timezone: orgs.timezone }).from(orgs).where(eq(orgs.id, tx.orgId)),
  );
  return org?.timezone ?? "UTC";
}

/** The org's members, for the ticket action's assignee (Settings → Actions). */
export async function listTeammates(ctx: TenantContext) {
  requirePermission(ctx, "actions.read");
  return teammatesOf(ctx);
}
