import type { TimelineConversation } from "@/lib/contacts/timeline/recorded-reads";

// What a call's row in the timeline says about where the call stands, and what to say when there
// is nothing else to show. A call whose status no provider ever reported is stored as "queued"
// (the first step, by default): that is not news from VAPI or Twilio, so it is not shown as
// "Queued". A status that has not moved for an hour is no longer "in progress": its end was
// simply never reported.

/** After this long without news, a call that has not ended is shown as "end not reported". */
export const STALE_CALL_MS = 60 * 60_000;

const STATUS_WORDS: Record<string, string> = {
  queued: "Queued",
  ringing: "Ringing",
  "in-progress": "In progress",
  forwarding: "Being transferred",
};

export type CallProgress = {
  badge: { tone: "amber" | "zinc"; text: string } | null;
  /** A sentence for a row that would otherwise be empty (no summary, no transcript, no facts). */
  note: string | null;
};

type CallRow = Pick<
  TimelineConversation,
  "status" | "statusAt" | "lastEventAt" | "summary" | "messageCount" | "durationSeconds"
>;

export function callProgress(call: CallRow, now: Date): CallProgress {
  const empty = !call.summary && call.messageCount === 0;
  if (call.status === "ended") {
    return {
      badge: null,
      note: empty
        ? call.durationSeconds !== null && call.durationSeconds > 0
          ? "No words were recorded on this call: nothing was added to memory."
          : "The call ended before anyone spoke: nothing was added to memory."
        : null,
    };
  }
  const lastNews = call.lastEventAt ?? call.statusAt;
  const stale = !lastNews || now.getTime() - new Date(lastNews).getTime() > STALE_CALL_MS;
  if (!call.statusAt) {
    // Only the start (or a message) of the call reached Luneo, never a status.
    return {
      badge: stale ? { tone: "zinc", text: "End not reported" } : null,
      note: empty
        ? stale
          ? "Luneo heard this call start but never received its end or transcript. In VAPI, turn on the end-of-call-report and status-update server messages."
          : "The call has just started: its transcript and summary arrive when it ends."
        : null,
    };
  }
  if (stale) {
    return {
      badge: { tone: "zinc", text: "End not reported" },
      note: `Last reported “${STATUS_WORDS[call.status]?.toLowerCase() ?? call.status}”; the end of the call never arrived. In VAPI, turn on the end-of-call-report server message.`,
    };
  }
  return {
    badge: { tone: "amber", text: STATUS_WORDS[call.status] ?? call.status },
    note: empty ? "The transcript and summary arrive when the call ends." : null,
  };
}
