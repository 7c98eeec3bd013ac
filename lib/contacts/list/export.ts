import "server-only";
import { and, sql } from "drizzle-orm";
import { contacts } from "@/db/schema";
import { hasPermission, requirePermission } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import type { TenantContext } from "@/lib/context";
import { withTenant } from "@/lib/db/scopes";
import { log } from "@/lib/log";
import { ordered } from "@/lib/verticals/content";
import { getOrgVerticalConfig } from "@/lib/verticals/queries";
import { contactCsvCells, contactCsvHeader, csvStream, exportFileName } from "../csv/write";
import type { ContactFilter } from "../filters";
import { filterConditions, listContactsIn, orgCountry } from "../queries";
import { activeFilterNames } from "../segments/service";

const BATCH = 500;

export type ContactExport = {
  /** `contacts-YYYY-MM-DD.csv`. */
  fileName: string;
  /** How many contacts the filter matched when the export was recorded. */
  rows: number;
  /** The CSV, produced as it is read. */
  stream: ReadableStream<Uint8Array>;
};

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
    const where = filterConditions(tx, filter, await orgCountry(tx));
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

/**
 * The contacts matching `filter` as a CSV (one column per lead field of the org's vertical),
 * recorded on the audit log (`contacts.exported`, with the filters' names and the row count)
 * before the first row is read. Needs contacts.export: personal data in bulk.
 */
export async function exportContactsRecorded(
  ctx: TenantContext,
  filter: ContactFilter,
): Promise<ContactExport> {
  requirePermission(ctx, "contacts.export");
  const keys = await leadFieldKeys(ctx);
  const rows = await auditExport(ctx, filter);
  return {
    fileName: exportFileName(new Date()),
    rows,
    stream: csvStream(contactCsvHeader(keys), batches(ctx, filter, keys)),
  };
}
