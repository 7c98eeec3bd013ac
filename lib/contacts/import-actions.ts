"use server";

import { revalidatePath } from "next/cache";
import { sessionAction } from "@/lib/actions";
import type { ActionResult } from "@/lib/errors";
import { parseInput } from "@/lib/parse-input";
import { startImport } from "./import";
import { startImportSchema } from "./import-mapping";

function jsonOrUndefined(value: FormDataEntryValue | null): unknown {
  if (typeof value !== "string") return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * The browser reads the file and sends its text as a FormData field: multipart carries it as is,
 * where an object argument would be JSON-escaped (up to twice the size) against the action body
 * limit (`experimental.serverActions.bodySizeLimit` in next.config.mjs). Fields: fileName, csv,
 * mapping (JSON).
 */
export async function startImportAction(
  form: FormData,
): Promise<ActionResult<{ id: string; totalRows: number }>> {
  return sessionAction(async ({ ctx }) => {
    const input = parseInput(startImportSchema, {
      fileName: form.get("fileName"),
      csv: form.get("csv"),
      mapping: jsonOrUndefined(form.get("mapping")),
    });
    const result = await startImport(ctx, input);
    revalidatePath("/contacts");
    return result;
  });
}
