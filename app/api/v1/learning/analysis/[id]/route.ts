// GET /api/v1/learning/analysis/[id] – the state of a re-clustering this organisation requested (scope learning:read)
import { FLAGS } from "@/lib/flags/registry";
import { apiRoute } from "@/lib/http/api-route";
import { jobParamsSchema, type AnalysisJobResponse } from "@/lib/learning/http";
import { getAnalysisJob } from "@/lib/learning/queries";

export type { AnalysisJobResponse };

export const GET = apiRoute(
  { scope: "learning:read", flag: FLAGS.learning.key, params: jobParamsSchema },
  async ({ ctx, params }) =>
    Response.json({ data: await getAnalysisJob(ctx, params.id) } satisfies AnalysisJobResponse),
);
