// POST /api/webhooks/twilio/[endpoint]/sms – incoming SMS (answers an empty Response)
import { twilioRoute } from "@/lib/webhooks/twilio-route";

export const POST = twilioRoute("sms");
