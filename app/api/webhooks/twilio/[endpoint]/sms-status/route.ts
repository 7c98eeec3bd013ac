// POST /api/webhooks/twilio/[endpoint]/sms-status – message status callbacks
import { twilioRoute } from "@/lib/webhooks/twilio-route";

export const POST = twilioRoute("sms-status");
