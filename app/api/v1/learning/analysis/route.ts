// POST /api/v1/learning/analysis – re-cluster the org's open questions now (scope learning:write)
import { FLAGS } from "@/lib/flags/registry";
import { apiRoute } from "@/lib/http/api-route";
import type { AnalysisResponse } from "@/lib/learning/http";
import { requestAnalysis } from "@/lib/learning/service";

export type { AnalysisResponse };

// No body. Answered 202: the job runs in the background, its state is read at stateUrl.
export const POST = apiRoute(
  { scope: "learning:write", flag: FLAGS.learning.key },
  async ({ ctx }) => {
    const { jobId } = await requestAnalysis(ctx);
    const body: AnalysisResponse = {
      data: { jobId, state: "created", stateUrl: `/api/v1/learning/analysis/${jobId}` },
    };
    return Response.json(body, { status: 202 });
  },
);
