// What a provider event says, in Luneo's words. Parsers (vapi-message.ts, twilio-params.ts) turn
// raw provider payloads into these; the ingest job turns them into contacts, conversations,
// messages and timeline events. Nothing here touches the database.

export const CALL_STATUSES = ["queued", "ringing", "in-progress", "forwarding", "ended"] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

export type TranscriptTurn = {
  role: "user" | "assistant" | "system" | "tool";
  content: string;
  /** Absolute time of the turn when the provider gives one. */
  at?: Date;
  /** Seconds from the start of the call (VAPI `secondsFromStart`), used for ordering. */
  secondsFromStart?: number;
};

export type CallFacts = {
  vapiCallId?: string;
  twilioCallSid?: string;
  direction?: "inbound" | "outbound";
  /** Numbers exactly as the provider sent them (normalised to E.164 by the job). */
  from?: string;
  to?: string;
  status?: CallStatus;
  /** When the provider says the status changed (VAPI timestamp, Twilio Timestamp header/param). */
  statusAt?: Date;
  /** Twilio's SequenceNumber for status callbacks of one call. */
  sequence?: number;
  startedAt?: Date;
  endedAt?: Date;
  durationSeconds?: number;
  endedReason?: string;
  cost?: number;
  /** What Twilio charged for its leg of the call (status callback `Price`/`PriceUnit`), positive. */
  twilioPrice?: TwilioPrice;
  costBreakdown?: Record<string, unknown>;
  recordingUrl?: string;
  summary?: string;
  structuredData?: Record<string, unknown>;
  successEvaluation?: string;
  transcript?: TranscriptTurn[];
};

export type SmsFacts = {
  messageSid: string;
  direction: "inbound" | "outbound";
  from: string;
  to: string;
  body?: string;
  /** received, sent, delivered, undelivered, failed, … (Twilio MessageStatus / SmsStatus). */
  status?: string;
  at?: Date;
  /** What Twilio charged for the message (status callback `Price`/`PriceUnit`), positive. */
  twilioPrice?: TwilioPrice;
};

export type TwilioPrice = { amount: number; unit: string };

export type EventFacts = {
  provider: "vapi" | "twilio";
  /** The message type (VAPI `message.type`) or callback kind (twilio voice/status/sms/sms-status). */
  kind: string;
  /** Unique per org and provider: a redelivery of the same event has the same key. */
  eventKey: string;
  call?: CallFacts;
  sms?: SmsFacts;
};

export type ParseResult = { ok: true; facts: EventFacts } | { ok: false; reason: string };
