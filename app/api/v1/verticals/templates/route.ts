// GET /api/v1/verticals/templates – available vertical templates with their versions (scope verticals:read)
import { authenticateApiKey } from "@/lib/api-keys/authenticate";
import { route } from "@/lib/http/route";
import { listTemplates, type TemplateSummary } from "@/lib/verticals/queries";

export type TemplatesResponse = { data: TemplateSummary[] };

export const GET = route(async (request) => {
  const ctx = await authenticateApiKey(request.headers.get("authorization"), "verticals:read");
  const body: TemplatesResponse = { data: await listTemplates(ctx) };
  return Response.json(body);
});
