// GET /api/v1/learning/gaps – the org's knowledge gaps, ranked by impact (scope learning:read)
import { FLAGS } from "@/lib/flags/registry";
import { apiRoute } from "@/lib/http/api-route";
import { apiGap, type GapsResponse } from "@/lib/learning/http";
import { listGaps } from "@/lib/learning/queries";
import { gapListQuerySchema } from "@/lib/learning/schemas";

export type { GapsResponse };

export const GET = apiRoute(
  { scope: "learning:read", flag: FLAGS.learning.key, query: gapListQuerySchema },
  async ({ ctx, query }) => {
    const gaps = await listGaps(ctx, query);
    return Response.json({ data: gaps.map(apiGap) } satisfies GapsResponse);
  },
);
