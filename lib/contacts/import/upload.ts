import "server-only";
import { revalidatePath } from "next/cache";
import type { TenantContext } from "@/lib/context";
import { parseInput } from "@/lib/parse-input";
import { startImport } from "./service";
import { MAX_IMPORT_BYTES, startImportSchema } from "./mapping";

/** The file's limit plus room for the other form fields and multipart boundaries. */
export const MAX_IMPORT_UPLOAD_BYTES = MAX_IMPORT_BYTES + 512 * 1024;

function jsonOrUndefined(value: FormDataEntryValue | null): unknown {
  if (typeof value !== "string") return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}

/** The upload's multipart fields. */
export const IMPORT_UPLOAD_FIELDS =
  "Send the import as a multipart form with the fields fileName, csv and mapping.";

/**
 * Starts an import from the upload's form fields (fileName, csv, mapping as JSON). The upload has
 * its own route (app/api/contacts/import) so that server actions keep Next's small body limit: a
 * 5 MB allowance for every action would include signed-out sign-in.
 */
export async function startImportFromForm(
  ctx: TenantContext,
  form: FormData,
): Promise<{ id: string; totalRows: number }> {
  const csv = form.get("csv");
  const input = parseInput(startImportSchema, {
    fileName: form.get("fileName"),
    // A File part (a script's upload) reads as its text; the wizard sends a string field.
    csv: csv instanceof Blob ? await csv.text() : csv,
    mapping: jsonOrUndefined(form.get("mapping")),
  });
  const result = await startImport(ctx, input);
  revalidatePath("/contacts");
  return result;
}
