// GET /api/v1/verticals/config – the org's vertical: pinned template, overrides, resolved configuration (scope verticals:read)
import { apiRoute } from "@/lib/http/api-route";
import type { VerticalConfigResponse } from "@/lib/verticals/http";
import { getOrgVerticalConfig } from "@/lib/verticals/queries";

export type { VerticalConfigResponse };

export const GET = apiRoute({ scope: "verticals:read" }, async ({ ctx }) => {
  const { template, overrides, resolved } = await getOrgVerticalConfig(ctx);
  return Response.json({
    data: { template, overrides, resolved },
  } satisfies VerticalConfigResponse);
});
