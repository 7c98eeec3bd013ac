import { extractToolCalls, firstNonEmpty, isRecord, pathString } from "./vapi-transcript";
import { phoneNumberOf, readVapiMessage, twilioCallSid } from "./vapi-message";

// What the webhook route must answer synchronously: assistant-request and tool-calls essentials.

export type VapiToolCall = { id: string; name: string; arguments: unknown };

export type VapiRequestEssentials =
  | {
      type: "assistant-request";
      callId?: string;
      twilioCallSid?: string;
      /** As VAPI sent it; null-ish when the caller withheld their number. */
      callerNumber?: string;
      /** The business number that was called. */
      calledNumber?: string;
    }
  | { type: "tool-calls"; callId?: string; toolCalls: VapiToolCall[] };

/** The parts of an assistant-request or tool-calls message the route needs to answer; null for
 * other types and for bodies that are not VAPI messages. */
export function vapiRequestEssentials(body: unknown): VapiRequestEssentials | null {
  const read = readVapiMessage(body);
  if (!read.ok) return null;
  const m = read.message;
  if (m.type === "assistant-request") {
    return {
      type: "assistant-request",
      callId: m.call?.id,
      twilioCallSid: twilioCallSid(m.call),
      callerNumber: m.call?.customer?.number ?? m.customer?.number,
      calledNumber: phoneNumberOf(m.phoneNumber) ?? phoneNumberOf(m.call?.phoneNumber),
    };
  }
  if (m.type === "tool-calls") {
    const fromList = extractToolCalls(m.toolCallList ?? []);
    const fromTools = extractToolCalls(
      (m.toolWithToolCallList ?? []).map((t) =>
        isRecord(t) && isRecord(t.toolCall)
          ? { ...t.toolCall, name: pathString(t, "function", "name") ?? t.name }
          : undefined,
      ),
    );
    const legacy = extractToolCalls(m.toolCalls ?? []);
    return {
      type: "tool-calls",
      callId: m.call?.id,
      toolCalls: firstNonEmpty(fromList, fromTools, legacy),
    };
  }
  return null;
}
