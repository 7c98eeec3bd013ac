import type { Provider } from "@/db/schema";
import type { ParseResult } from "@/lib/webhooks/facts";
import type { StoredEventParser } from "@/lib/webhooks/receive";
import { parseStoredTwilioEvent } from "@/lib/webhooks/twilio-adapter";
import { parseStoredVapiEvent } from "@/lib/webhooks/vapi-adapter";

// Each provider's adapter reads its stored events with the parsers it uses on receipt.
const STORED_EVENT_PARSERS: Record<Provider, StoredEventParser> = {
  twilio: parseStoredTwilioEvent,
  vapi: parseStoredVapiEvent,
};

/**
 * Facts of a stored event, parsed again from its raw body: the inbox keeps only the raw event, so
 * a fixed parser (or a replay) reads old events the new way. Bodies are stripped like on receipt
 * (provider-body.ts): events stored before that rule are read the same way, so none of them fails
 * forever on a NUL.
 */
export function parseStoredEvent(event: {
  provider: Provider;
  kind: string;
  rawBody: string;
}): ParseResult {
  return STORED_EVENT_PARSERS[event.provider](event);
}
