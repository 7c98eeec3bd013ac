// PUT /api/v1/channels/twilio | /api/v1/channels/vapi – connect or update a provider, as the
// Channels page does (scope channels:write). docs/api/channels.md
import { authenticateApiKey } from "@/lib/api-keys/authenticate";
import { parseProvider, saveChannelFromApi, type ChannelsView } from "@/lib/channels/api";
import { readJsonBody } from "@/lib/http/json-body";
import { route } from "@/lib/http/route";

export type SaveChannelResponse = { data: ChannelsView };

export const PUT = route(async (request, { params }: { params: Promise<{ provider: string }> }) => {
  // The key first: a caller without one learns nothing, not even which channels exist.
  const ctx = await authenticateApiKey(request.headers.get("authorization"), "channels:write");
  const provider = parseProvider((await params).provider);
  const body: SaveChannelResponse = {
    data: await saveChannelFromApi(ctx, provider, await readJsonBody(request)),
  };
  return Response.json(body);
});
