// GET /api/v1/channels – the org's Twilio and VAPI connections, never a secret (scope channels:read)
import { authenticateApiKey } from "@/lib/api-keys/authenticate";
import { getChannelsView, type ChannelsView } from "@/lib/channels/api";
import { route } from "@/lib/http/route";

export type ChannelsResponse = { data: ChannelsView };

export const GET = route(async (request) => {
  const ctx = await authenticateApiKey(request.headers.get("authorization"), "channels:read");
  const body: ChannelsResponse = { data: await getChannelsView(ctx) };
  return Response.json(body);
});
