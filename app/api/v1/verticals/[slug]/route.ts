// GET /api/v1/verticals/[slug] – one vertical template, its latest version or ?version=N (scope verticals:read)
import { apiRoute } from "@/lib/http/api-route";
import { templateQuerySchema, type TemplateResponse } from "@/lib/verticals/http";
import { getTemplate } from "@/lib/verticals/queries";

export type { TemplateResponse };

// Static siblings (templates, select, config) win over this segment in Next's routing, so no
// template can be named like them. Only GET is exported: any other method answers 405.

export const GET = apiRoute(
  { scope: "verticals:read", query: templateQuerySchema },
  async ({ ctx, params, query }) =>
    Response.json({
      data: await getTemplate(ctx, params.slug!, query.version),
    } satisfies TemplateResponse),
);
