// GET /contacts/[id]/timeline – one page of a contact's timeline (?cursor=…&limit=…), for the contact page
import { getSessionContext } from "@/lib/auth/session";
import { getTimelinePage, type TimelinePage } from "@/lib/contacts/timeline";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/route";

export type TimelineResponse = TimelinePage;

export const GET = route(async (request, { params }: { params: Promise<{ id: string }> }) => {
  const session = await getSessionContext();
  if (!session) throw new AppError("UNAUTHORIZED", "Your session has ended. Sign in again.");
  const search = new URL(request.url).searchParams;
  const limit = Number(search.get("limit"));
  const body: TimelineResponse = await getTimelinePage(session.ctx, (await params).id, {
    cursor: search.get("cursor"),
    limit: Number.isFinite(limit) && limit > 0 ? limit : undefined,
  });
  // Personal data: never kept by a shared cache.
  return Response.json(body, { headers: { "cache-control": "private, no-store" } });
});
