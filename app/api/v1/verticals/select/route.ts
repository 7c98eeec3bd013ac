// POST /api/v1/verticals/select – choose the org's vertical template and version (scope verticals:write)
import { authenticateApiKey } from "@/lib/api-keys/authenticate";
import { parseInput } from "@/lib/parse-input";
import { readJsonBody } from "@/lib/http/json-body";
import { route } from "@/lib/http/route";
import { selectVerticalSchema } from "@/lib/verticals/schemas";
import { selectVertical } from "@/lib/verticals/service";
import type { TemplateSlug } from "@/lib/verticals/templates";

export type SelectVerticalResponse = {
  data: { slug: TemplateSlug; version: number; droppedOverrides: string[] };
};

export const POST = route(async (request) => {
  // The key first: a caller without one learns nothing, not even what the body should hold.
  const ctx = await authenticateApiKey(request.headers.get("authorization"), "verticals:write");
  const input = parseInput(selectVerticalSchema, await readJsonBody(request));
  const selected = await selectVertical(ctx, input);
  const body: SelectVerticalResponse = {
    data: { slug: selected.slug, version: selected.version, droppedOverrides: selected.dropped },
  };
  return Response.json(body);
});
