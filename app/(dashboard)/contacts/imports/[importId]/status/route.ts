// GET /contacts/imports/[importId]/status – an import's progress and report, polled by its page
import { getImport } from "@/lib/contacts/import/queries";
import { FLAGS } from "@/lib/flags/registry";
import { sessionRoute } from "@/lib/http/session-route";

export const GET = sessionRoute(
  { permission: "contacts.import", flag: FLAGS.contactsImport.key },
  async ({ ctx, params }) => Response.json(await getImport(ctx, params.importId!)),
);
