// GET /api/v1/verticals/templates – available vertical templates with their versions (scope verticals:read)
import { apiRoute } from "@/lib/http/api-route";
import type { TemplatesResponse } from "@/lib/verticals/http";
import { listTemplates } from "@/lib/verticals/queries";

export type { TemplatesResponse };

export const GET = apiRoute({ scope: "verticals:read" }, async ({ ctx }) =>
  Response.json({ data: await listTemplates(ctx) } satisfies TemplatesResponse),
);
