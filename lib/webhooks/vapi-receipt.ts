import { MAX_JSON_DEPTH } from "@/lib/text/control-chars";
import type { CallFacts, EventFacts } from "./facts";
import { KNOWN_TYPES, normaliseType, twilioCallSid, vapiEventKey } from "./vapi-message";
import { isRecord } from "./vapi-transcript";

// What the receiver needs of a VAPI message to store and acknowledge it: its kind, its event key
// and the call's ids (the ingest job's order key). The full parse (providerJson, then
// parseVapiMessage) copies the whole body to strip characters PostgreSQL cannot store, validates
// every field and reads the transcript; for a 21 kB end-of-call-report that was ~0.3 ms of the
// receiver's CPU per request, spent again when the job processes the stored body. Here the parsed
// JSON is read in place, for the same results on the fields the receipt uses
// (vapi-receipt.test.ts). Whenever that equality is not evident the answer is null and the caller
// runs the full parse: a body with an escape that can decode to a stripped character (\u, \b, \f),
// a `__proto__` key, nesting the full parse refuses, a message that is not plainly valid, or a key
// that must hash the whole message.

const MAYBE_STRIPPED = /\\[ubf]|__proto__/;

/** Whether no object or array sits MAX_JSON_DEPTH levels down (stripInvalidDeep's limit). */
function shallowEnough(value: unknown, depth: number): boolean {
  if (value === null || typeof value !== "object") return true;
  if (depth >= MAX_JSON_DEPTH) return false;
  if (Array.isArray(value)) {
    for (const item of value) if (!shallowEnough(item, depth + 1)) return false;
    return true;
  }
  for (const key in value) {
    if (!shallowEnough((value as Record<string, unknown>)[key], depth + 1)) return false;
  }
  return true;
}

const text = (value: unknown) => (typeof value === "string" ? value : undefined);

/** The receipt's facts of a VAPI body, or null when only the full parse can say (see above). */
export function readVapiReceipt(rawBody: string): EventFacts | null {
  if (MAYBE_STRIPPED.test(rawBody)) return null;
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    return null;
  }
  if (!isRecord(body) || !isRecord(body.message)) return null;
  const message = body.message;
  const type = text(message.type);
  if (!type || !shallowEnough(body, 0)) return null;

  const kind = normaliseType(type);
  // JSON's 1e400 parses to Infinity, which the schema refuses (the key then hashes the message).
  if (typeof message.timestamp === "number" && !Number.isFinite(message.timestamp)) return null;
  const timestamp =
    typeof message.timestamp === "number" || typeof message.timestamp === "string"
      ? message.timestamp
      : undefined;
  const status = text(message.status);
  // Without a timestamp (and but for a status-update's status) the key hashes the whole message.
  if (timestamp === undefined && !(kind === "status-update" && status)) return null;
  const call = isRecord(message.call) ? message.call : undefined;
  const callId = text(call?.id);
  const eventKey = vapiEventKey({
    type,
    timestamp,
    status,
    call: call && { id: callId },
    role: text(message.role),
    transcriptType: text(message.transcriptType),
  });

  const facts: EventFacts = { provider: "vapi", kind, eventKey };
  const ids: CallFacts = {};
  if (callId) ids.vapiCallId = callId;
  if (KNOWN_TYPES.has(kind)) {
    const sid = twilioCallSid(
      call && {
        phoneCallProvider: text(call.phoneCallProvider),
        phoneCallProviderId: text(call.phoneCallProviderId),
        twilioCallSid: text(call.twilioCallSid),
      },
    );
    if (sid) ids.twilioCallSid = sid;
  }
  if (Object.keys(ids).length > 0) facts.call = ids;
  return facts;
}
