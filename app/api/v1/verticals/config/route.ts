// GET /api/v1/verticals/config – the org's vertical: pinned template, overrides, resolved configuration (scope verticals:read)
import { authenticateApiKey } from "@/lib/api-keys/authenticate";
import { route } from "@/lib/http/route";
import { getOrgVerticalConfig, type OrgVerticalConfig } from "@/lib/verticals/queries";

export type VerticalConfigResponse = {
  data: Pick<OrgVerticalConfig, "template" | "overrides" | "resolved">;
};

export const GET = route(async (request) => {
  const ctx = await authenticateApiKey(request.headers.get("authorization"), "verticals:read");
  const { template, overrides, resolved } = await getOrgVerticalConfig(ctx);
  const body: VerticalConfigResponse = { data: { template, overrides, resolved } };
  return Response.json(body);
});
