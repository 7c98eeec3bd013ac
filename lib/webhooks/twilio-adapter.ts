import "server-only";
import type { CountryCode } from "libphonenumber-js";
import twilio from "twilio";
import type { TwilioConfig, VapiConfig } from "@/db/schema";
import { toE164 } from "@/lib/contacts/phone";
import { env } from "@/lib/env";
import { upsertContactByPhone } from "./contacts-sql";
import { providerForm } from "./provider-body";
import type { ParseResult } from "./facts";
import type { AnswerInput, ProviderAdapter, StoredEventParser } from "./receive";
import {
  parseTwilioCallStatus,
  parseTwilioSms,
  parseTwilioSmsStatus,
  parseTwilioVoice,
} from "./twilio-params";
import { verifyTwilio } from "./verify";
import { xmlReply } from "./reply";

// The signature covers the parameters as sent; the parsers read them stripped (provider-body.ts).
const formParams = (rawBody: string) => Object.fromEntries(new URLSearchParams(rawBody));

const twiml = (xml: string) =>
  new Response(xml, { headers: { "content-type": "text/xml; charset=utf-8" } });
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

/**
 * Twilio's four callbacks, by route, each with its parser and the kind its events are stored
 * under (their facts' kind): the one table both receipt and re-parsing read.
 */
const CALLBACKS = {
  voice: { storedKind: "voice", parse: parseTwilioVoice },
  status: { storedKind: "call-status", parse: parseTwilioCallStatus },
  sms: { storedKind: "sms", parse: parseTwilioSms },
  "sms-status": { storedKind: "sms-status", parse: parseTwilioSmsStatus },
} as const satisfies Record<
  string,
  { storedKind: string; parse: (params: Record<string, string>) => ParseResult }
>;

export type TwilioKind = keyof typeof CALLBACKS;

/** A stored Twilio event read again, by the parser of the callback that stores its kind. */
export const parseStoredTwilioEvent: StoredEventParser = ({ kind, rawBody }) => {
  const callback = Object.values(CALLBACKS).find((c) => c.storedKind === kind);
  if (!callback) return { ok: false, reason: `unknown Twilio event kind "${kind}"` };
  return callback.parse(providerForm(rawBody));
};

/**
 * An incoming call: hand it to the org's VAPI agent over SIP (Luneo's contact id and the CallSid
 * ride along as X- SIP headers), else to the fallback number, else apologise.
 */
async function answerVoice({ tx, endpoint, facts }: AnswerInput): Promise<Response> {
  const config = endpoint.config as TwilioConfig;
  const [vapi] = await tx<{ config: VapiConfig }[]>`
    select config from channel_connections where org_id = ${endpoint.orgId} and provider = 'vapi'`;
  const caller = toE164(facts?.call?.from, endpoint.orgCountry as CountryCode);
  const contactId = caller
    ? await upsertContactByPhone(tx, {
        phoneE164: caller,
        at: new Date(),
        channel: "voice",
        test: false,
      })
    : null;

  const response = new twilio.twiml.VoiceResponse();
  const sipAddress = vapi?.config.sipAddress;
  if (sipAddress) {
    const headers = new URLSearchParams();
    if (contactId) headers.set("X-Luneo-Contact-Id", contactId);
    if (facts?.call?.twilioCallSid) headers.set("X-Luneo-Call-Sid", facts.call.twilioCallSid);
    const query = headers.toString();
    response.dial({ answerOnBridge: true }).sip(query ? `${sipAddress}?${query}` : sipAddress);
  } else if (config.fallbackNumber) {
    response.dial({ answerOnBridge: true }, config.fallbackNumber);
  } else {
    response.say(
      `Thank you for calling ${endpoint.orgName}. Nobody can take your call right now. Please try again later.`,
    );
    response.hangup();
  }
  return twiml(response.toString());
}

/** The adapter for one of the four Twilio callbacks of an endpoint. */
export function twilioAdapter(
  kind: TwilioKind,
  endpointId: string,
  search: string,
): ProviderAdapter {
  // Twilio signs the URL it called: ours as configured publicly, never the Host header we received.
  const publicUrl = `${env().PUBLIC_URL.replace(/\/$/, "")}/api/webhooks/twilio/${endpointId}/${kind}${search}`;
  const { parse } = CALLBACKS[kind];
  return {
    provider: "twilio",
    contentTypes: ["application/x-www-form-urlencoded"],
    // The idempotency token is kept for reading the log, never used as the event key: the
    // signature does not cover headers, so a replay with a new token must not be a new event.
    keptHeaders: ["content-type", "user-agent", "i-twilio-idempotency-token"],
    verify: (endpoint, headers, rawBody) =>
      verifyTwilio(
        endpoint.secrets,
        headers.get("x-twilio-signature"),
        publicUrl,
        formParams(rawBody),
      ),
    parse: (rawBody) => parse(providerForm(rawBody)),
    // An incoming call's TwiML reads the org's VAPI line and records the caller; every other
    // callback is acknowledged with empty TwiML once stored.
    answer: () => (kind === "voice" ? answerVoice : xmlReply(EMPTY_TWIML)),
  };
}
