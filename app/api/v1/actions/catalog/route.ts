// GET /api/v1/actions/catalog – the actions, whether this org turned them on, their input as JSON Schema and the VAPI tool definition (actions:read). docs/api/actions.md
import { toApiCatalog, type ApiCatalogResponse } from "@/lib/agent-actions/http";
import { actionCatalog } from "@/lib/agent-actions/queries";
import { FLAGS } from "@/lib/flags/registry";
import { apiRoute } from "@/lib/http/api-route";

export const GET = apiRoute({ scope: "actions:read", flag: FLAGS.actions.key }, async ({ ctx }) =>
  Response.json({ data: toApiCatalog(await actionCatalog(ctx)) } satisfies ApiCatalogResponse),
);
