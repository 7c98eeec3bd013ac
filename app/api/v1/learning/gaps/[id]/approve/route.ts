// POST /api/v1/learning/gaps/[id]/approve – approve a gap with an answer the agent then gives (scope learning:write)
import { FLAGS } from "@/lib/flags/registry";
import { apiRoute } from "@/lib/http/api-route";
import { apiGap, gapParamsSchema, type GapDecisionResponse } from "@/lib/learning/http";
import { apiApproveGapSchema } from "@/lib/learning/schemas";
import { approveGap } from "@/lib/learning/service";

export type { GapDecisionResponse };

export const POST = apiRoute(
  {
    scope: "learning:write",
    flag: FLAGS.learning.key,
    params: gapParamsSchema,
    body: apiApproveGapSchema,
  },
  async ({ ctx, params, body }) => {
    const gap = await approveGap(ctx, params.id, body);
    return Response.json({ data: apiGap(gap) } satisfies GapDecisionResponse);
  },
);
