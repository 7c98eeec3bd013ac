// POST /api/webhooks/twilio/[endpoint]/status – call status callbacks
import { twilioRoute } from "@/lib/webhooks/twilio-route";

export const POST = twilioRoute("status");
