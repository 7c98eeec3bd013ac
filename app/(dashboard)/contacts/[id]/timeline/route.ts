// GET /contacts/[id]/timeline – one page of a contact's timeline (?cursor=…&limit=…), for the contact page
import { timelineQuerySchema } from "@/lib/contacts/http";
import { getTimelinePageRecorded } from "@/lib/contacts/timeline/recorded-reads";
import { sessionRoute } from "@/lib/http/session-route";

export const GET = sessionRoute(
  { permission: "contacts.read", query: timelineQuerySchema },
  async ({ ctx, params, query }) =>
    Response.json(
      await getTimelinePageRecorded(ctx, params.id!, {
        cursor: query.cursor ?? null,
        limit: query.limit,
      }),
    ),
);
