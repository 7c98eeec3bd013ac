// PUT /api/v1/channels/twilio | /api/v1/channels/vapi – connect or update a provider, as the
// Channels page does (scope channels:write). docs/api/channels.md
import { z } from "zod";
import { parseProvider, saveChannelFromApi, type ChannelsView } from "@/lib/channels/api";
import { apiRoute } from "@/lib/http/api-route";
import { readJsonBody } from "@/lib/http/json-body";

export type SaveChannelResponse = { data: ChannelsView };

// The body's schema depends on the provider, so saveChannelFromApi parses it (with the Channels
// page's own schemas) once the provider is known.
export const PUT = apiRoute(
  { scope: "channels:write", params: z.object({ provider: z.string() }) },
  async ({ ctx, params, request }) => {
    const provider = parseProvider(params.provider);
    const data = await saveChannelFromApi(ctx, provider, await readJsonBody(request));
    return Response.json({ data } satisfies SaveChannelResponse);
  },
);
