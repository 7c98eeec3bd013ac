// GET /contacts/export – the contacts list's current filter as a CSV download (session, contacts.export)
import { exportContactsRecorded } from "@/lib/contacts/list/export";
import { contactFilterSchema, filterInputFromSearchParams } from "@/lib/contacts/filters";
import { sessionRoute } from "@/lib/http/session-route";

export const GET = sessionRoute(
  {
    permission: "contacts.export",
    query: contactFilterSchema,
    readQuery: filterInputFromSearchParams,
  },
  async ({ ctx, query }) => {
    const { fileName, stream } = await exportContactsRecorded(ctx, query);
    return new Response(stream, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${fileName}"`,
        "x-content-type-options": "nosniff",
      },
    });
  },
);
