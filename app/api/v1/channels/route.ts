// GET /api/v1/channels – the org's Twilio and VAPI connections, never a secret (scope channels:read)
import { getChannelsView, type ChannelsView } from "@/lib/channels/api";
import { apiRoute } from "@/lib/http/api-route";

export type ChannelsResponse = { data: ChannelsView };

export const GET = apiRoute({ scope: "channels:read" }, async ({ ctx }) =>
  Response.json({ data: await getChannelsView(ctx) } satisfies ChannelsResponse),
);
