import "server-only";
import type { CountryCode } from "libphonenumber-js";
import twilio from "twilio";
import type { TwilioConfig, VapiConfig } from "@/db/schema";
import type { Endpoint } from "./inbox-store";
import { toE164 } from "@/lib/contacts/phone";
import { env } from "@/lib/env";
import { upsertContactByPhone } from "./contacts-sql";
import { providerForm, readProviderForm } from "./provider-body";
import type { ParseResult } from "./facts";
import type { AnswerInput, ProviderAdapter, RequestHeaders, StoredEventParser } from "./receive";
import {
  parseTwilioCallStatus,
  parseTwilioSms,
  parseTwilioSmsStatus,
  parseTwilioVoice,
} from "./twilio-params";
import { verifyTwilio } from "./verify";
import { xmlReply } from "./reply";

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

const FORM_CONTENT_TYPES = ["application/x-www-form-urlencoded"] as const;
// The idempotency token is kept for reading the log, never used as the event key: the signature
// does not cover headers, so a replay with a new token must not be a new event.
const KEPT_HEADERS = ["content-type", "user-agent", "i-twilio-idempotency-token"] as const;

/**
 * One request's adapter (made per request: Twilio signs the URL it called). Its methods live on
 * the class rather than in closures made for every request, and the form is read once for both
 * the signature (the parameters as sent) and the parser (stripped: provider-body.ts).
 */
class TwilioCallback implements ProviderAdapter {
  readonly provider = "twilio";
  readonly contentTypes = FORM_CONTENT_TYPES;
  readonly keptHeaders = KEPT_HEADERS;
  private form: { rawBody: string; read: ReturnType<typeof readProviderForm> } | null = null;

  constructor(
    private readonly kind: TwilioKind,
    private readonly publicUrl: string,
  ) {}

  private read(rawBody: string) {
    if (this.form?.rawBody !== rawBody) this.form = { rawBody, read: readProviderForm(rawBody) };
    return this.form.read;
  }

  verify(endpoint: Endpoint, headers: RequestHeaders, rawBody: string): boolean {
    return verifyTwilio(
      endpoint.secrets,
      headers.get("x-twilio-signature"),
      this.publicUrl,
      this.read(rawBody).signed,
    );
  }

  parse(rawBody: string): ParseResult {
    return CALLBACKS[this.kind].parse(this.read(rawBody).stripped);
  }

  // An incoming call's TwiML reads the org's VAPI line and records the caller; every other
  // callback is acknowledged with empty TwiML once stored.
  answer() {
    return this.kind === "voice" ? answerVoice : xmlReply(EMPTY_TWIML);
  }
}

/** The adapter for one of the four Twilio callbacks of an endpoint. */
export function twilioAdapter(
  kind: TwilioKind,
  endpointId: string,
  search: string,
): ProviderAdapter {
  // Twilio signs the URL it called: ours as configured publicly, never the Host header we received.
  const publicUrl = `${env().PUBLIC_URL.replace(/\/$/, "")}/api/webhooks/twilio/${endpointId}/${kind}${search}`;
  return new TwilioCallback(kind, publicUrl);
}
