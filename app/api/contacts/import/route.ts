// POST /api/contacts/import – the CSV import's upload from the import page (session cookie, same
// site only). Multipart fields: fileName, csv, mapping (JSON). Answers the ActionResult as JSON.
import { MAX_IMPORT_UPLOAD_BYTES, startImportFromForm } from "@/lib/contacts/import-upload";
import { httpStatus } from "@/lib/errors";
import { readBodyLimited } from "@/lib/http/body";
import { route } from "@/lib/http/route";
import { FOREIGN_ORIGIN_MESSAGE, isForeignOrigin } from "@/lib/http/same-origin";

const refusal = (status: number, code: string, message: string, headers?: HeadersInit) =>
  Response.json({ ok: false, code, message }, { status, headers });

export const POST = route(async (request) => {
  if (isForeignOrigin(request.headers)) return refusal(403, "FORBIDDEN", FOREIGN_ORIGIN_MESSAGE);
  const body = await readBodyLimited(request, MAX_IMPORT_UPLOAD_BYTES);
  if (body === "too-large") {
    return refusal(
      413,
      "VALIDATION",
      "This file is larger than 5 MB; imports take files up to 5 MB. Split it into smaller files.",
      { connection: "close" },
    );
  }
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(body), {
      headers: { "content-type": request.headers.get("content-type") ?? "" },
    }).formData();
  } catch {
    return refusal(
      422,
      "VALIDATION",
      "Send the import as a multipart form with the fields fileName, csv and mapping.",
    );
  }
  const result = await startImportFromForm(form);
  return Response.json(result, { status: result.ok ? 200 : httpStatus(result.code) });
});
