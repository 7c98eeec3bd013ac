// POST /api/webhooks/vapi/[endpoint] – every VAPI server message
import { route } from "@/lib/http/route";
import { receiveWebhook } from "@/lib/webhooks/receive";
import { vapiAdapter } from "@/lib/webhooks/vapi-adapter";

export const POST = route(async (request, { params }: { params: Promise<{ endpoint: string }> }) =>
  receiveWebhook(request, (await params).endpoint, vapiAdapter),
);
