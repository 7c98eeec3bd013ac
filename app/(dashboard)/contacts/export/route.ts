// GET /contacts/export – the contacts list's current filter as a CSV download (session, contacts.export)
import { and, sql } from "drizzle-orm";
import { contacts } from "@/db/schema";
import { hasPermission, requirePermission } from "@/lib/auth/permissions";
import { getSessionContext } from "@/lib/auth/session";
import { recordAudit } from "@/lib/audit/record";
import {
  contactCsvCells,
  contactCsvHeader,
  csvStream,
  exportFileName,
} from "@/lib/contacts/csv-export";
import {
  contactFilterSchema,
  filterInputFromSearchParams,
  type ContactFilter,
} from "@/lib/contacts/filters";
import { filterConditions, listContactsIn, orgCountry } from "@/lib/contacts/queries";
import { activeFilterNames } from "@/lib/contacts/segments";
import type { TenantContext } from "@/lib/context";
import { withTenant } from "@/lib/db/scopes";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { log } from "@/lib/log";
import { parseInput } from "@/lib/parse-input";
import { ordered } from "@/lib/verticals/content";
import { getOrgVerticalConfig } from "@/lib/verticals/queries";

const BATCH = 500;

/** The vertical's lead field keys, in question order: one CSV column each. */
async function leadFieldKeys(ctx: TenantContext): Promise<string[]> {
  if (!hasPermission(ctx, "verticals.read")) return [];
  const { resolved } = await getOrgVerticalConfig(ctx);
  return [...new Set(ordered(resolved?.qualification ?? {}).map((q) => q.field.key))];
}

/**
 * Counts the rows and records the export before any row leaves: an export that fails half-way
 * is still on the audit log. The search text is left out (it is often a name or a number).
 */
async function auditExport(ctx: TenantContext, filter: ContactFilter): Promise<number> {
  return withTenant(ctx, async (tx) => {
    const where = filterConditions(ctx.org.id, filter, await orgCountry(tx, ctx.org.id));
    const [row] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(contacts)
      .where(and(...where));
    const rows = row?.n ?? 0;
    // The filters' names only: their values (a search, a lead answer) can be personal data.
    await recordAudit(tx, ctx, {
      action: "contacts.exported",
      targetType: "contact",
      metadata: { filters: activeFilterNames(filter), rows },
    });
    return rows;
  });
}

/**
 * Batches of CSV rows, one short tenant transaction per keyset page: a slow download never holds
 * a pooled connection, and memory stays at one page whatever the export's size.
 */
async function* batches(ctx: TenantContext, filter: ContactFilter, keys: string[]) {
  let cursor: string | null = null;
  try {
    do {
      const page = await withTenant(ctx, (tx) =>
        listContactsIn(tx, ctx, filter, { cursor, limit: BATCH }),
      );
      yield page.rows.map((row) => contactCsvCells(row, keys));
      cursor = page.nextCursor;
    } while (cursor);
  } catch (error) {
    // The status line is sent already: the download ends short, and the log says why.
    log.error({ err: error, orgId: ctx.org.id }, "contacts export failed mid-stream");
    throw error;
  }
}

export const GET = route(async (request) => {
  const session = await getSessionContext();
  if (!session) throw new AppError("UNAUTHORIZED", "Your session has ended. Sign in again.");
  const { ctx } = session;
  requirePermission(ctx, "contacts.export");
  const filter = parseInput(
    contactFilterSchema,
    filterInputFromSearchParams(new URL(request.url).searchParams),
  );
  const keys = await leadFieldKeys(ctx);
  await auditExport(ctx, filter);
  return new Response(csvStream(contactCsvHeader(keys), batches(ctx, filter, keys)), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${exportFileName(new Date())}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
});
