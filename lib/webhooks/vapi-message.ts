import { createHash } from "node:crypto";
import { z } from "zod";
import { canonicalJson } from "@/lib/json";
import { mapVapiStatus } from "./call-status";
import type { CallFacts, EventFacts, ParseResult } from "./facts";
import { firstNonEmpty, parseTranscriptText, toDate, toTurns } from "./vapi-transcript";

// VAPI server messages (https://docs.vapi.ai/server-url/events): every POST is
// `{ message: { type, call, timestamp, artifact, … } }`. Only the envelope is strict. Inside it a
// field of the wrong type is dropped rather than failing the message: answering 4xx to an
// end-of-call-report because `cost` came as null would lose the transcript with it.

const text = z.string().optional().catch(undefined);
const num = z.number().optional().catch(undefined);
const record = z.record(z.string(), z.unknown()).optional().catch(undefined);
const list = z.array(z.unknown()).optional().catch(undefined);
const timeValue = z.union([z.number(), z.string()]).optional().catch(undefined);

const PhoneNumberSchema = z
  .union([z.string(), z.looseObject({ number: text, twilioPhoneNumber: text })])
  .optional()
  .catch(undefined);
const CustomerSchema = z.looseObject({ number: text }).optional().catch(undefined);

const AnalysisSchema = z
  .looseObject({
    summary: text,
    structuredData: record,
    // A PassFail rubric gives "true"/"false", but a boolean or a score is seen in the wild.
    successEvaluation: z.union([z.string(), z.boolean(), z.number()]).optional().catch(undefined),
  })
  .optional()
  .catch(undefined);

const ArtifactSchema = z
  .looseObject({
    messages: list,
    transcript: text,
    recordingUrl: text,
    stereoRecordingUrl: text,
    recording: z
      .looseObject({
        stereoUrl: text,
        mono: z.looseObject({ combinedUrl: text }).optional().catch(undefined),
      })
      .optional()
      .catch(undefined),
  })
  .optional()
  .catch(undefined);

const CallSchema = z
  .looseObject({
    id: text,
    type: text,
    phoneCallProvider: text,
    phoneCallProviderId: text,
    // Calls created before phoneCallProviderId existed carried the CallSid here.
    twilioCallSid: text,
    customer: CustomerSchema,
    phoneNumber: PhoneNumberSchema,
    startedAt: text,
    endedAt: text,
    cost: num,
    costBreakdown: record,
    analysis: AnalysisSchema,
  })
  .optional()
  .catch(undefined);

export const VapiMessageSchema = z.looseObject({
  type: z.string(),
  timestamp: timeValue,
  call: CallSchema,
  customer: CustomerSchema,
  phoneNumber: PhoneNumberSchema,
  status: text,
  endedReason: text,
  role: text,
  transcriptType: text,
  artifact: ArtifactSchema,
  analysis: AnalysisSchema,
  startedAt: text,
  endedAt: text,
  durationSeconds: num,
  durationMs: num,
  cost: num,
  costBreakdown: record,
  costs: list,
  // Legacy end-of-call-report shape (before `artifact`/`analysis`), also sent on "forwarding".
  transcript: text,
  summary: text,
  recordingUrl: text,
  stereoRecordingUrl: text,
  messages: list,
  toolCallList: list,
  toolWithToolCallList: list,
  toolCalls: list,
});
export type VapiMessage = z.infer<typeof VapiMessageSchema>;

const EnvelopeSchema = z.object({
  message: z.looseObject(
    {
      type: z
        .string({
          error: (issue) =>
            issue.input === undefined ? "missing message.type" : "message.type is not a string",
        })
        .min(1, "message.type is empty"),
    },
    {
      error: (issue) =>
        issue.input === undefined
          ? "missing message (a VAPI server message is { message: { type, … } })"
          : "message is not an object",
    },
  ),
});

export const KNOWN_TYPES = new Set([
  "assistant-request",
  "tool-calls",
  "status-update",
  "end-of-call-report",
  "conversation-update",
  "transcript",
  "hang",
  "speech-update",
  "user-interrupted",
  "phone-call-control",
  "transfer-destination-request",
  "model-output",
]);

/** Reads the message of a VAPI server request; never throws. */
export function readVapiMessage(
  body: unknown,
): { ok: true; message: VapiMessage } | { ok: false; reason: string } {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return { ok: false, reason: "body is not a JSON object" };
  }
  const envelope = EnvelopeSchema.safeParse(body);
  if (!envelope.success) {
    return { ok: false, reason: envelope.error.issues[0]?.message ?? "not a VAPI server message" };
  }
  const parsed = VapiMessageSchema.safeParse(envelope.data.message);
  if (!parsed.success) return { ok: false, reason: "message is not a VAPI server message" };
  return { ok: true, message: parsed.data };
}

export function parseVapiMessage(body: unknown): ParseResult {
  const read = readVapiMessage(body);
  if (!read.ok) return read;
  const message = read.message;
  const kind = normaliseType(message.type);
  const facts: EventFacts = { provider: "vapi", kind, eventKey: vapiEventKey(message) };
  const call = KNOWN_TYPES.has(kind)
    ? callFacts(kind, message)
    : message.call?.id
      ? { vapiCallId: message.call.id }
      : undefined;
  if (call && Object.keys(call).length > 0) facts.call = call;
  return { ok: true, facts };
}

// With `serverMessages: ['transcript[transcriptType="final"]']` VAPI sends that literal as the
// type (ServerMessageTranscript.type enum in the API reference).
export function normaliseType(type: string): string {
  return type.startsWith("transcript[") ? "transcript" : type;
}

/**
 * call id + type + what tells two messages of that type apart: the status of a status-update,
 * else the message timestamp (qualified for types VAPI sends for both speakers at once), else a
 * hash of the message. A redelivery is the same body, so it gets the same key.
 */
export function vapiEventKey(message: VapiMessage): string {
  const kind = normaliseType(message.type);
  const callId = message.call?.id ?? "no-call";
  let discriminator: string;
  if (kind === "status-update" && message.status) {
    discriminator = message.status;
  } else if (message.timestamp !== undefined) {
    const at = toDate(message.timestamp);
    discriminator = at ? String(at.getTime()) : String(message.timestamp);
    if (kind === "speech-update" || kind === "transcript") {
      discriminator += `:${message.role ?? ""}:${message.status ?? message.transcriptType ?? ""}`;
    }
  } else {
    discriminator = createHash("sha256").update(canonicalJson(message)).digest("hex");
  }
  return `${callId}:${kind}:${discriminator}`;
}

function callFacts(kind: string, m: VapiMessage): CallFacts {
  const call = m.call;
  const facts: CallFacts = {};
  const set = <K extends keyof CallFacts>(key: K, value: CallFacts[K] | undefined) => {
    if (value !== undefined && value !== "") facts[key] = value;
  };

  set("vapiCallId", call?.id);
  set("twilioCallSid", twilioCallSid(call));
  const direction =
    call?.type === "inboundPhoneCall"
      ? "inbound"
      : call?.type === "outboundPhoneCall"
        ? "outbound"
        : undefined;
  set("direction", direction);
  const customer = call?.customer?.number ?? m.customer?.number;
  const business = phoneNumberOf(m.phoneNumber) ?? phoneNumberOf(call?.phoneNumber);
  set("from", direction === "outbound" ? business : customer);
  set("to", direction === "outbound" ? customer : business);

  if (kind === "status-update") {
    set("status", mapVapiStatus(m.status));
    set("statusAt", toDate(m.timestamp));
  } else if (kind === "end-of-call-report") {
    set("status", "ended");
    set("statusAt", toDate(m.timestamp));
  }
  if (kind === "status-update" || kind === "end-of-call-report") {
    set("endedReason", m.endedReason);
  }

  const startedAt = toDate(m.startedAt) ?? toDate(call?.startedAt);
  const endedAt = toDate(m.endedAt) ?? toDate(call?.endedAt);
  set("startedAt", startedAt);
  set("endedAt", endedAt);
  const duration =
    m.durationSeconds ??
    (m.durationMs !== undefined ? m.durationMs / 1000 : undefined) ??
    (startedAt && endedAt ? (endedAt.getTime() - startedAt.getTime()) / 1000 : undefined);
  set("durationSeconds", duration !== undefined && duration >= 0 ? duration : undefined);
  set("cost", m.cost ?? call?.cost);
  set(
    "costBreakdown",
    m.costBreakdown ?? call?.costBreakdown ?? (m.costs ? { costs: m.costs } : undefined),
  );

  // artifact.* is current; the top-level fields are the pre-artifact shape.
  const artifact = m.artifact;
  set(
    "recordingUrl",
    artifact?.recordingUrl ??
      artifact?.recording?.mono?.combinedUrl ??
      artifact?.recording?.stereoUrl ??
      artifact?.stereoRecordingUrl ??
      m.recordingUrl ??
      m.stereoRecordingUrl,
  );
  const analysis = m.analysis ?? call?.analysis;
  set("summary", analysis?.summary ?? m.summary);
  set("structuredData", analysis?.structuredData);
  const evaluation = analysis?.successEvaluation;
  set("successEvaluation", evaluation === undefined ? undefined : String(evaluation));
  // On a "transcript" message the top-level `transcript` is one utterance, not the call's.
  const turns = firstNonEmpty(
    toTurns(artifact?.messages),
    toTurns(m.messages),
    parseTranscriptText(artifact?.transcript),
    kind === "transcript" ? [] : parseTranscriptText(m.transcript),
  );
  set("transcript", turns.length > 0 ? turns : undefined);
  return facts;
}

// phoneCallProviderId is Twilio's CallSid only for Twilio calls (Vonage and Telnyx put their own
// ids there, per the Call schema); when the provider is not said, trust the CallSid shape.
export function twilioCallSid(call: VapiMessage["call"]): string | undefined {
  const id = call?.phoneCallProviderId ?? call?.twilioCallSid;
  if (!id) return undefined;
  if (call?.phoneCallProvider) return call.phoneCallProvider === "twilio" ? id : undefined;
  return /^CA[0-9a-f]{32}$/i.test(id) ? id : undefined;
}

export function phoneNumberOf(
  value: string | { number?: string; twilioPhoneNumber?: string } | undefined,
) {
  if (typeof value === "string") return value || undefined;
  return value?.number ?? value?.twilioPhoneNumber;
}
