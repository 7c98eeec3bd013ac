import "server-only";
import { contactImports } from "@/db/schema";
import { requirePermission } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import type { TenantContext } from "@/lib/context";
import { withTenant } from "@/lib/db/scopes";
import { AppError, ValidationError } from "@/lib/errors";
import { enqueue } from "@/lib/jobs/enqueue";
import { contactsImportJob } from "./job";
import { parseInput } from "@/lib/parse-input";
import { CsvError } from "../csv/parse";
import {
  MAX_IMPORT_BYTES,
  MAX_IMPORT_ROWS,
  readCsvFile,
  startImportSchema,
  type CsvFile,
  type StartImportInput,
} from "./mapping";

// Starting a CSV import: everything that can be checked before the first row is (size, rows,
// mapping), then the import row and its job commit together. The rows are read by the job
// (run.ts) in batches, so a 50,000-row file never holds a request.

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function readChecked(csv: string): CsvFile {
  const bytes = Buffer.byteLength(csv, "utf8");
  if (bytes > MAX_IMPORT_BYTES) {
    throw new AppError(
      "VALIDATION",
      `This file is ${megabytes(bytes)}; imports take files up to 5 MB. Split it into smaller files.`,
      { csv: ["The file is larger than 5 MB."] },
    );
  }
  let file: CsvFile;
  try {
    file = readCsvFile(csv);
  } catch (error) {
    if (error instanceof CsvError)
      throw new AppError("VALIDATION", error.message, { csv: [error.message] });
    throw error;
  }
  if (file.rows.length > MAX_IMPORT_ROWS) {
    throw new AppError(
      "VALIDATION",
      `This file has ${file.rows.length.toLocaleString("en-US")} rows; imports take up to 50,000. Split it into smaller files.`,
      { csv: ["More than 50,000 rows."] },
    );
  }
  if (file.rows.length === 0) {
    throw new AppError("VALIDATION", "The file has no rows under its header row.", {
      csv: ["No rows to import."],
    });
  }
  return file;
}

/** Checks the file and its mapping, stores the import and queues its job. Nothing is written on a refusal. */
export async function startImport(
  ctx: TenantContext,
  raw: StartImportInput,
): Promise<{ id: string; totalRows: number }> {
  requirePermission(ctx, "contacts.import");
  // Parsed here too: the API and scripts call this verb without the action's parsing.
  const input = parseInput(startImportSchema, raw);
  const file = readChecked(input.csv);
  const unknown = Object.keys(input.mapping).filter((h) => !file.headers.includes(h));
  if (unknown.length > 0) {
    throw new ValidationError(
      Object.fromEntries(unknown.map((h) => [`mapping.${h}`, [`The file has no column “${h}”.`]])),
      "The column mapping does not match the file's header row.",
    );
  }
  return withTenant(ctx, async (tx) => {
    const [row] = await tx
      .insert(contactImports)
      .values({
        orgId: ctx.org.id,
        fileName: input.fileName,
        csv: input.csv,
        mapping: input.mapping,
        totalRows: file.rows.length,
        createdBy: ctx.actor.type === "user" ? ctx.actor.userId : null,
      })
      .returning({ id: contactImports.id });
    const id = row!.id;
    await recordAudit(tx, ctx, {
      action: "contacts.import_started",
      targetType: "contact_import",
      targetId: id,
      metadata: { totalRows: file.rows.length, columns: Object.keys(input.mapping).length },
    });
    await enqueue(tx, contactsImportJob, { orgId: ctx.org.id, importId: id });
    return { id, totalRows: file.rows.length };
  });
}
