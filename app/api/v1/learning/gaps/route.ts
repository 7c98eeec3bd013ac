// GET /api/v1/learning/gaps – the org's knowledge gaps, ranked by impact, filtered, paged (scope learning:read)
import { FLAGS } from "@/lib/flags/registry";
import { apiRoute } from "@/lib/http/api-route";
import { listGapPage } from "@/lib/learning/gap-list";
import { apiGap, type GapsResponse } from "@/lib/learning/http";
import { gapListQuerySchema } from "@/lib/learning/schemas";

export type { GapsResponse };

export const GET = apiRoute(
  { scope: "learning:read", flag: FLAGS.learning.key, query: gapListQuerySchema },
  async ({ ctx, query: { cursor, limit, ...filter } }) => {
    const { rows, nextCursor } = await listGapPage(ctx, filter, { cursor, limit });
    return Response.json({ data: rows.map(apiGap), nextCursor } satisfies GapsResponse);
  },
);
