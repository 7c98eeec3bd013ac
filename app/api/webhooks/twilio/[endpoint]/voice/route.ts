// POST /api/webhooks/twilio/[endpoint]/voice – incoming call (answers TwiML)
import { twilioRoute } from "@/lib/webhooks/twilio-route";

export const POST = twilioRoute("voice");
