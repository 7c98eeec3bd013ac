import "server-only";
import { route } from "@/lib/http/route";
import { receiveWebhook } from "./receive";
import { twilioAdapter, type TwilioKind } from "./twilio-adapter";

/** The POST handler of one Twilio callback route. */
export function twilioRoute(kind: TwilioKind) {
  return route(async (request, { params }: { params: Promise<{ endpoint: string }> }) => {
    const { endpoint } = await params;
    return receiveWebhook(
      request,
      endpoint,
      twilioAdapter(kind, endpoint, new URL(request.url).search),
    );
  });
}
