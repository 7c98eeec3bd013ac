// GET /api/v1/roi?from=&to=&granularity= – calls, outcomes, cost and value for a range of days,
// with the formula and assumptions behind them (scope roi:read; docs/api/roi.md)
import { apiRoute } from "@/lib/http/api-route";
import { toRoiResponse, type RoiResponse } from "@/lib/roi/http";
import { getRoiReport } from "@/lib/roi/queries";
import { roiRangeSchema } from "@/lib/roi/schemas";

export type { RoiResponse };

export const GET = apiRoute({ scope: "roi:read", query: roiRangeSchema }, async ({ ctx, query }) =>
  Response.json(toRoiResponse(await getRoiReport(ctx, query)) satisfies RoiResponse),
);
