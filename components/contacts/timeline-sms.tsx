import type {
  TimelineConversation,
  TimelineEntry as Entry,
} from "@/lib/contacts/timeline/recorded-reads";
import { Transcript } from "./timeline-call";
import { Shell, Turn } from "./timeline-shell";

/** An SMS thread: the messages the timeline sent, and the whole thread on demand. */
export function SmsEntry({
  contactId,
  contactName,
  entry,
  thread,
  time,
}: {
  contactId: string;
  contactName: string;
  entry: Entry;
  thread: TimelineConversation;
  time: string;
}) {
  const shown = entry.messages ?? [];
  const speakers = { user: contactName, assistant: "Agent" };
  return (
    <Shell
      testId="timeline-sms"
      anchor={`conversation-${thread.id}`}
      title={thread.messageCount === 1 ? "Text message" : `Text messages (${thread.messageCount})`}
      time={time}
    >
      <ol className="space-y-2">
        {shown.map((message) => (
          <Turn
            key={message.id}
            speaker={speakers[message.role]}
            agent={message.role === "assistant"}
          >
            {message.content}
          </Turn>
        ))}
      </ol>
      {thread.messageCount > shown.length ? (
        <Transcript
          contactId={contactId}
          conversationId={thread.id}
          showLabel={`Show all ${thread.messageCount} messages`}
          speakers={speakers}
        />
      ) : null}
    </Shell>
  );
}
