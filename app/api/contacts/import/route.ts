// POST /api/contacts/import – the CSV import's upload from the import page (session cookie, same
// site only). Multipart fields: fileName, csv, mapping (JSON). Answers `{ ok: true, data }`, or a
// refusal in the one error shape (403 another site, 413 too large, 422 bad fields).
import {
  IMPORT_UPLOAD_FIELDS,
  MAX_IMPORT_UPLOAD_BYTES,
  startImportFromForm,
} from "@/lib/contacts/import/upload";
import { FLAGS } from "@/lib/flags/registry";
import { sessionRoute } from "@/lib/http/session-route";

export const POST = sessionRoute(
  {
    permission: "contacts.import",
    flag: FLAGS.contactsImport.key,
    upload: {
      maxBytes: MAX_IMPORT_UPLOAD_BYTES,
      tooLarge:
        "This file is larger than 5 MB; imports take files up to 5 MB. Split it into smaller files.",
      notAForm: IMPORT_UPLOAD_FIELDS,
    },
  },
  async ({ ctx, form }) => Response.json({ ok: true, data: await startImportFromForm(ctx, form) }),
);
