// GET /dashboard/export?from=&to=&granularity= – the overview's breakdown for a range, as CSV (session, roi.read)
import { sessionRoute } from "@/lib/http/session-route";
import { breakdownCsv } from "@/lib/roi/csv";
import { getRoiReport } from "@/lib/roi/queries";
import { roiRangeSchema } from "@/lib/roi/schemas";

export const GET = sessionRoute(
  { permission: "roi.read", query: roiRangeSchema },
  async ({ ctx, query }) => {
    const { fileName, text } = breakdownCsv(await getRoiReport(ctx, query));
    return new Response(text, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${fileName}"`,
        "x-content-type-options": "nosniff",
      },
    });
  },
);
