import { z } from "zod";
import { mapTwilioCallStatus, TWILIO_TERMINAL_STATUSES } from "./call-status";
import type { CallFacts, ParseResult, SmsFacts, TwilioPrice } from "./facts";

// Twilio webhooks are form posts of string parameters (https://www.twilio.com/docs/usage/webhooks).
// Twilio adds parameters without notice, so the schemas are loose; only the ones that identify the
// event are required. Event keys come from the signed parameters only: Twilio's
// I-Twilio-Idempotency-Token header is not covered by the signature, so anyone replaying a signed
// request could set a new one; a retry sends the same parameters, hence the same key.

type Params = Record<string, string>;

const present = (name: string) =>
  z
    .string({ error: `missing ${name}` })
    .trim()
    .min(1, `missing ${name}`);

// From/To must be sent, but may be empty: a withheld caller is still a call.
const sent = (name: string) => z.string({ error: `missing ${name}` });

const VoiceSchema = z.looseObject({
  CallSid: present("CallSid"),
  From: sent("From"),
  To: sent("To"),
});
const CallStatusSchema = z.looseObject({
  CallSid: present("CallSid"),
  CallStatus: present("CallStatus"),
});
const SmsSchema = z.looseObject({
  MessageSid: present("MessageSid"),
  From: sent("From"),
  To: sent("To"),
});
const SmsStatusSchema = z.looseObject({
  MessageSid: present("MessageSid"),
  MessageStatus: present("MessageStatus"),
});

function check<T>(
  schema: z.ZodType<T>,
  params: unknown,
): { ok: true; data: T } | { ok: false; reason: string } {
  if (typeof params !== "object" || params === null) return { ok: false, reason: "no parameters" };
  const result = schema.safeParse(params);
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, reason: result.error.issues.map((i) => i.message).join(", ") };
}

/** The voice URL request Twilio makes when a call reaches one of our numbers. */
export function parseTwilioVoice(params: Params): ParseResult {
  const checked = check(VoiceSchema, params);
  if (!checked.ok) return checked;
  const p = checked.data as Params;
  const call = baseCall(p);
  const status = mapTwilioCallStatus(p.CallStatus);
  if (status) call.status = status;
  return {
    ok: true,
    facts: { provider: "twilio", kind: "voice", eventKey: `${p.CallSid}:voice`, call },
  };
}

/** A call status callback (StatusCallbackEvent initiated / ringing / answered / completed). */
export function parseTwilioCallStatus(params: Params): ParseResult {
  const checked = check(CallStatusSchema, params);
  if (!checked.ok) return checked;
  const p = checked.data as Params;
  const status = mapTwilioCallStatus(p.CallStatus);
  if (!status) return { ok: false, reason: `unknown CallStatus "${p.CallStatus}"` };
  const callStatus = p.CallStatus!.trim().toLowerCase();

  const call = baseCall(p);
  call.status = status;
  const sequence = toInteger(p.SequenceNumber);
  if (sequence !== undefined) call.sequence = sequence;
  const at = toDate(p.Timestamp);
  if (at) call.statusAt = at;
  if (status === "in-progress" && at) call.startedAt = at;
  if (status === "ended") {
    if (at) call.endedAt = at;
    // A terminal CallStatus says how the call ended until VAPI says more (see mergeCall).
    if ((TWILIO_TERMINAL_STATUSES as readonly string[]).includes(callStatus))
      call.endedReason = callStatus;
    // CallDuration is in seconds. `Duration` is left alone: some callbacks send billed minutes in it.
    const duration = toInteger(p.CallDuration);
    if (duration !== undefined) call.durationSeconds = duration;
  }
  if (p.RecordingUrl?.trim()) call.recordingUrl = p.RecordingUrl.trim();
  const price = priceOf(p);
  if (price) call.twilioPrice = price;

  const eventKey = `${p.CallSid}:${callStatus}:${p.SequenceNumber?.trim() ?? ""}`;
  return { ok: true, facts: { provider: "twilio", kind: "call-status", eventKey, call } };
}

/** An incoming SMS/MMS on one of our numbers. */
export function parseTwilioSms(params: Params): ParseResult {
  const checked = check(SmsSchema, withMessageSid(params));
  if (!checked.ok) return checked;
  const p = checked.data as Params;
  const sms: SmsFacts = {
    messageSid: p.MessageSid!,
    direction: "inbound",
    from: p.From!,
    to: p.To!,
    status: p.SmsStatus?.trim() || p.MessageStatus?.trim() || "received",
  };
  if (p.Body !== undefined) sms.body = p.Body;
  const eventKey = `${p.MessageSid}:sms`;
  return { ok: true, facts: { provider: "twilio", kind: "sms", eventKey, sms } };
}

/** A status callback for a message we sent (queued → sent → delivered | undelivered | failed). */
export function parseTwilioSmsStatus(params: Params): ParseResult {
  const withStatus = { ...withMessageSid(params) };
  if (!withStatus.MessageStatus?.trim() && withStatus.SmsStatus?.trim()) {
    withStatus.MessageStatus = withStatus.SmsStatus;
  }
  const checked = check(SmsStatusSchema, withStatus);
  if (!checked.ok) return checked;
  const p = checked.data as Params;
  const status = p.MessageStatus!.trim().toLowerCase();
  const sms: SmsFacts = {
    messageSid: p.MessageSid!,
    direction: status === "received" || status === "receiving" ? "inbound" : "outbound",
    // Twilio sends "a subset of the standard request properties" here; From/To are usually in it,
    // but the contract's strings must be filled, so an absent one is "" (find the message by SID).
    from: p.From?.trim() ?? "",
    to: p.To?.trim() ?? "",
    status,
  };
  const price = priceOf(p);
  if (price) sms.twilioPrice = price;
  const eventKey = `${p.MessageSid}:${status}`;
  return { ok: true, facts: { provider: "twilio", kind: "sms-status", eventKey, sms } };
}

function baseCall(p: Params): CallFacts {
  const call: CallFacts = { twilioCallSid: p.CallSid!.trim() };
  const direction = p.Direction?.trim().toLowerCase();
  // inbound | outbound-api | outbound-dial (trunking-* for Elastic SIP Trunking).
  if (direction === "inbound" || direction === "trunking-originating") call.direction = "inbound";
  else if (direction?.startsWith("outbound") || direction === "trunking-terminating")
    call.direction = "outbound";
  if (p.From !== undefined) call.from = p.From;
  if (p.To !== undefined) call.to = p.To;
  return call;
}

// SmsSid and SmsMessageSid are the deprecated names of MessageSid; Twilio still sends all three.
function withMessageSid(params: Params): Params {
  if (typeof params !== "object" || params === null || params.MessageSid?.trim()) return params;
  const sid = params.SmsMessageSid?.trim() || params.SmsSid?.trim();
  return sid ? { ...params, MessageSid: sid } : params;
}

/**
 * Twilio's charge when a callback carries one: `Price` is a decimal string, negative for a charge
 * ("-0.00850"), often empty until the call or message is rated; `PriceUnit` its currency.
 */
function priceOf(p: Params): TwilioPrice | undefined {
  const raw = p.Price?.trim();
  if (!raw || !/^-?\d+(\.\d+)?$/.test(raw)) return undefined;
  const amount = Math.abs(Number(raw));
  const unit = p.PriceUnit?.trim().toUpperCase() || "USD";
  if (!Number.isFinite(amount) || amount > 10_000 || !/^[A-Z]{3}$/.test(unit)) return undefined;
  return { amount, unit };
}

function toInteger(value: string | undefined): number | undefined {
  if (!value || !/^\s*\d+\s*$/.test(value)) return undefined;
  return Number.parseInt(value, 10);
}

// Status callbacks carry Timestamp in RFC 2822 ("Tue, 04 Mar 2025 10:15:30 +0000").
function toDate(value: string | undefined): Date | undefined {
  if (!value?.trim()) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
