// POST /api/v1/learning/gaps/[id]/reject – reject (dismiss) a gap with a reason (scope learning:write)
import { FLAGS } from "@/lib/flags/registry";
import { apiRoute } from "@/lib/http/api-route";
import { apiGap, gapParamsSchema, type GapDecisionResponse } from "@/lib/learning/http";
import { dismissGapSchema } from "@/lib/learning/schemas";
import { dismissGap } from "@/lib/learning/service";

export type { GapDecisionResponse };

export const POST = apiRoute(
  {
    scope: "learning:write",
    flag: FLAGS.learning.key,
    params: gapParamsSchema,
    body: dismissGapSchema,
  },
  async ({ ctx, params, body }) => {
    const gap = await dismissGap(ctx, params.id, body);
    return Response.json({ data: apiGap(gap) } satisfies GapDecisionResponse);
  },
);
