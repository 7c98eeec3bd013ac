// GET /api/v1/incidents?status=&cursor= – the org's incidents, newest first (scope health:read)
import { FLAGS } from "@/lib/flags/registry";
import { apiRoute } from "@/lib/http/api-route";
import { toApiIncident, type IncidentsResponse } from "@/lib/health/http";
import { listIncidents } from "@/lib/health/incidents/queries";
import { incidentListSchema } from "@/lib/health/schemas";

export type { IncidentsResponse } from "@/lib/health/http";

export const GET = apiRoute(
  { scope: "health:read", flag: FLAGS.statusPage.key, query: incidentListSchema },
  async ({ ctx, query }) => {
    const page = await listIncidents(ctx, query);
    return Response.json({
      data: page.incidents.map(toApiIncident),
      nextCursor: page.nextCursor,
    } satisfies IncidentsResponse);
  },
);
