"use client";

import type { TimelineEntry as Entry } from "@/lib/contacts/timeline/recorded-reads";
import { CallEntry } from "./timeline-call";
import { humanKind, Shell } from "./timeline-shell";
import { SmsEntry } from "./timeline-sms";

export { getJson } from "./timeline-shell";

/** One entry of a contact's timeline, drawn for its kind. */
export function TimelineEntry({
  contactId,
  contactName,
  entry,
  time,
}: {
  contactId: string;
  contactName: string;
  entry: Entry;
  /** The entry's time of day, in the org's time zone. */
  time: string;
}) {
  const conversation = entry.conversation;
  if (conversation?.channel === "voice" && entry.kind.startsWith("call.")) {
    return <CallEntry contactId={contactId} call={conversation} time={time} />;
  }
  if (conversation?.channel === "sms" && entry.kind.startsWith("sms.")) {
    return (
      <SmsEntry
        contactId={contactId}
        contactName={contactName}
        entry={entry}
        thread={conversation}
        time={time}
      />
    );
  }
  if (entry.kind === "note") {
    const author = typeof entry.data.authorName === "string" ? entry.data.authorName : "Someone";
    return (
      <Shell testId="timeline-note" title={`Note by ${author}`} time={time}>
        <p className="text-sm whitespace-pre-wrap text-zinc-800" data-testid="note-body">
          {typeof entry.data.body === "string" ? entry.data.body : ""}
        </p>
      </Shell>
    );
  }
  if (entry.kind.startsWith("action.") || entry.kind === "task.created") {
    // What the agent (or the team) did through an action, or a task the team added for this
    // contact: lib/agent-actions writes these.
    const label = typeof entry.data.label === "string" ? entry.data.label : humanKind(entry.kind);
    return (
      <Shell testId="timeline-action" title={label} time={time}>
        <p className="text-sm text-zinc-800" data-testid="action-result">
          {typeof entry.data.result === "string" ? entry.data.result : ""}
        </p>
      </Shell>
    );
  }
  return <Shell testId="timeline-other" title={humanKind(entry.kind)} time={time} />;
}
