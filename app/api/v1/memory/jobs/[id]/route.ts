// GET /api/v1/memory/jobs/[id] – the state of a summary job this organisation requested (scope memory:read)
import { apiRoute } from "@/lib/http/api-route";
import { idParamsSchema, type SummaryJobResponse } from "@/lib/memory/http";
import { getSummaryJob } from "@/lib/memory/queries";

export type { SummaryJobResponse };

export const GET = apiRoute(
  { scope: "memory:read", params: idParamsSchema },
  async ({ ctx, params }) =>
    Response.json({ data: await getSummaryJob(ctx, params.id) } satisfies SummaryJobResponse),
);
