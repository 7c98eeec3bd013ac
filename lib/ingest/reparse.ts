import type { ParseResult } from "@/lib/webhooks/facts";
import {
  parseTwilioCallStatus,
  parseTwilioSms,
  parseTwilioSmsStatus,
  parseTwilioVoice,
} from "@/lib/webhooks/twilio-params";
import { parseVapiMessage } from "@/lib/webhooks/vapi-message";

/**
 * Facts of a stored event, parsed again from its raw body: the inbox keeps only the raw event, so
 * a fixed parser (or a replay) reads old events the new way.
 */
export function parseStoredEvent(event: {
  provider: "twilio" | "vapi";
  kind: string;
  rawBody: string;
  headers: Record<string, string>;
}): ParseResult {
  if (event.provider === "vapi") {
    try {
      return parseVapiMessage(JSON.parse(event.rawBody));
    } catch (error) {
      return { ok: false, reason: `body is not JSON (${(error as Error).message})` };
    }
  }
  const params = Object.fromEntries(new URLSearchParams(event.rawBody));
  const token = event.headers["i-twilio-idempotency-token"];
  switch (event.kind) {
    case "voice":
      return parseTwilioVoice(params);
    case "call-status":
      return parseTwilioCallStatus(params, token);
    case "sms":
      return parseTwilioSms(params, token);
    case "sms-status":
      return parseTwilioSmsStatus(params, token);
    default:
      return { ok: false, reason: `unknown Twilio event kind "${event.kind}"` };
  }
}
