import "server-only";
import { and, eq } from "drizzle-orm";
import { contactImports } from "@/db/schema";
import { requirePermission } from "@/lib/auth/permissions";
import type { TenantContext } from "@/lib/context";
import { withTenant } from "@/lib/db/scopes";
import { NotFoundError } from "@/lib/errors";
import { isUuid } from "../merge/records";

/** An import's progress and report, as the progress page and its polling route send it (JSON). */
export type ImportState = {
  id: string;
  fileName: string;
  status: "queued" | "running" | "done" | "failed";
  totalRows: number;
  processedRows: number;
  created: number;
  updated: number;
  failed: number;
  /** Row-level problems, the first 500; rows as numbered in a spreadsheet (header = row 1). */
  report: Array<{ row: number; field: string; message: string; warning?: true }>;
  createdAt: string;
  finishedAt: string | null;
};

export async function getImport(ctx: TenantContext, importId: string): Promise<ImportState> {
  requirePermission(ctx, "contacts.import");
  if (!isUuid(importId)) throw new NotFoundError("This import");
  const [row] = await withTenant(ctx, (tx) =>
    tx
      .select({
        id: contactImports.id,
        fileName: contactImports.fileName,
        status: contactImports.status,
        totalRows: contactImports.totalRows,
        processedRows: contactImports.processedRows,
        created: contactImports.created,
        updated: contactImports.updated,
        failed: contactImports.failed,
        report: contactImports.report,
        createdAt: contactImports.createdAt,
        finishedAt: contactImports.finishedAt,
      })
      .from(contactImports)
      .where(and(eq(contactImports.orgId, ctx.org.id), eq(contactImports.id, importId))),
  );
  if (!row) throw new NotFoundError("This import");
  return {
    ...row,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}
