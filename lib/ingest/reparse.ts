import type { ParseResult } from "@/lib/webhooks/facts";
import { providerForm, providerJson } from "@/lib/webhooks/provider-body";
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
  // Stripped like on receipt (provider-body.ts): events stored before that rule are read the
  // same way, so none of them fails forever on a NUL.
  if (event.provider === "vapi") {
    const json = providerJson(event.rawBody);
    return json.ok ? parseVapiMessage(json.value) : json;
  }
  const params = providerForm(event.rawBody);
  switch (event.kind) {
    case "voice":
      return parseTwilioVoice(params);
    case "call-status":
      return parseTwilioCallStatus(params);
    case "sms":
      return parseTwilioSms(params);
    case "sms-status":
      return parseTwilioSmsStatus(params);
    default:
      return { ok: false, reason: `unknown Twilio event kind "${event.kind}"` };
  }
}
