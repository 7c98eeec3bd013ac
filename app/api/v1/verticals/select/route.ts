// POST /api/v1/verticals/select – choose the org's vertical template and version (scope verticals:write)
import { apiRoute } from "@/lib/http/api-route";
import type { SelectVerticalResponse } from "@/lib/verticals/http";
import { selectVerticalSchema } from "@/lib/verticals/schemas";
import { selectVertical } from "@/lib/verticals/service";

export type { SelectVerticalResponse };

export const POST = apiRoute(
  { scope: "verticals:write", body: selectVerticalSchema },
  async ({ ctx, body }) => {
    const selected = await selectVertical(ctx, body);
    return Response.json({
      data: { slug: selected.slug, version: selected.version, droppedOverrides: selected.dropped },
    } satisfies SelectVerticalResponse);
  },
);
