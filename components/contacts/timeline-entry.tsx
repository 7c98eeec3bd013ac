"use client";

import { useQuery } from "@tanstack/react-query";
import { clsx } from "clsx";
import { useId, useState, type ReactNode } from "react";
import type { TranscriptResponse } from "@/app/(dashboard)/contacts/[id]/conversations/[conversationId]/transcript/route";
import { Badge } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { contactKeys } from "@/lib/contacts/keys";
import type { TimelineConversation, TimelineEntry as Entry } from "@/lib/contacts/timeline";

/** A GET route's JSON, or an Error with the message the route wrote for people. */
export async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(url, { signal, headers: { accept: "application/json" } });
  // Signed out, proxy.ts answers with a redirect to the sign-in page: HTML, not this route's JSON.
  if (!response.headers.get("content-type")?.includes("application/json")) {
    throw new Error("Your session has ended. Sign in again.");
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const message = (body as { error?: { message?: string } } | null)?.error?.message;
    throw new Error(message ?? `The request failed (${response.status}). Try again.`);
  }
  return body as T;
}

// VAPI's endedReason values (https://docs.vapi.ai/calls/call-ended-reason) and Twilio's final
// CallStatus, in words. Unlisted reasons are shown as written, with spaces.
const ENDED_REASONS: Record<string, string> = {
  "customer-ended-call": "The caller hung up",
  "assistant-ended-call": "The agent ended the call",
  "assistant-said-end-call-phrase": "The agent ended the call",
  "assistant-forwarded-call": "The agent transferred the call",
  "silence-timed-out": "Ended after a long silence",
  "exceeded-max-duration": "Reached the maximum call length",
  voicemail: "Reached voicemail",
  "customer-did-not-answer": "No answer",
  "customer-busy": "The line was busy",
  "manually-canceled": "Cancelled",
  completed: "Completed",
  busy: "The line was busy",
  "no-answer": "No answer",
  failed: "The call could not be connected",
  canceled: "Cancelled before it was answered",
};

export function endedReasonInWords(reason: string): string {
  if (ENDED_REASONS[reason]) return ENDED_REASONS[reason];
  if (/error|failed|fault/i.test(reason)) return "Ended by a technical problem";
  const words = reason.replace(/[-_.]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** 278.4 → "4:38"; an hour or more → "1:02:05". */
export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

const usd = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });
export function formatCost(cost: number): string {
  return cost > 0 && cost < 0.01 ? "under $0.01" : usd.format(cost);
}

const SUMMARY_SOURCES: Record<NonNullable<TimelineConversation["summarySource"]>, string> = {
  vapi: "VAPI",
  offline: "Luneo",
  llm: "AI",
};

const CALL_STATUS_WORDS: Record<string, string> = {
  queued: "Queued",
  ringing: "Ringing",
  "in-progress": "In progress",
  forwarding: "Being transferred",
};

function Transcript({
  contactId,
  conversationId,
  showLabel,
  speakers,
}: {
  contactId: string;
  conversationId: string;
  showLabel: string;
  speakers: { user: string; assistant: string };
}) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  // Each fetch is audited (transcript.viewed): fetched once, kept for the page's lifetime.
  const query = useQuery({
    queryKey: contactKeys.transcript(contactId, conversationId),
    queryFn: ({ signal }) =>
      getJson<TranscriptResponse>(
        `/contacts/${contactId}/conversations/${conversationId}/transcript`,
        signal,
      ),
    enabled: open,
    staleTime: Infinity,
    gcTime: Infinity,
    retry: 1,
  });
  return (
    <div>
      <Button
        variant="ghost"
        className="-ml-3"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
      >
        {open ? "Hide transcript" : showLabel}
      </Button>
      <div id={panelId} hidden={!open}>
        {!open ? null : query.isPending ? (
          <p role="status" className="text-sm text-zinc-500">
            Loading the transcript…
          </p>
        ) : query.isError ? (
          <div role="alert" className="flex items-center gap-3 text-sm text-red-700">
            {query.error.message}
            <Button variant="secondary" onClick={() => query.refetch()}>
              Try again
            </Button>
          </div>
        ) : query.data.turns.length === 0 ? (
          <p className="text-sm text-zinc-500">Nothing was said.</p>
        ) : (
          <ol className="mt-2 space-y-2" data-testid="transcript">
            {query.data.turns.map((turn) => (
              <Turn key={turn.id} speaker={speakers[turn.role]} agent={turn.role === "assistant"}>
                {turn.content}
              </Turn>
            ))}
          </ol>
        )}
      </div>
    </div>
  );
}

function Turn({
  speaker,
  agent,
  children,
}: {
  speaker: string;
  agent: boolean;
  children: ReactNode;
}) {
  return (
    <li className={clsx("flex", agent ? "justify-end" : "justify-start")}>
      <div
        className={clsx(
          "max-w-[85%] rounded-lg px-3 py-2 text-sm",
          agent ? "bg-brand-50 text-zinc-900" : "bg-zinc-100 text-zinc-900",
        )}
      >
        <span className="block text-xs font-medium text-zinc-500">{speaker}</span>
        <span className="whitespace-pre-wrap">{children}</span>
      </div>
    </li>
  );
}

function Shell({
  title,
  time,
  badges,
  children,
  testId,
  anchor,
}: {
  title: string;
  time: string;
  badges?: ReactNode;
  children?: ReactNode;
  testId: string;
  /** `conversation-<id>`: where the memory panel's "from the call of …" links land. */
  anchor?: string;
}) {
  return (
    <article className="scroll-mt-20 space-y-2 px-5 py-4" data-testid={testId} id={anchor}>
      <header className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <h4 className="text-sm font-semibold text-zinc-900">{title}</h4>
        <span className="text-xs text-zinc-500">{time}</span>
        {badges}
      </header>
      {children}
    </article>
  );
}

function CallEntry({
  contactId,
  call,
  time,
}: {
  contactId: string;
  call: TimelineConversation;
  time: string;
}) {
  const title =
    call.direction === "outbound"
      ? "Outgoing call"
      : call.direction === "inbound"
        ? "Incoming call"
        : "Call";
  const facts = [
    call.durationSeconds !== null ? `Lasted ${formatDuration(call.durationSeconds)}` : null,
    call.endedReason ? endedReasonInWords(call.endedReason) : null,
    call.cost !== null ? `Cost ${formatCost(call.cost)}` : null,
  ].filter(Boolean);
  return (
    <Shell
      testId="timeline-call"
      anchor={`conversation-${call.id}`}
      title={title}
      time={time}
      badges={
        call.status !== "ended" ? (
          <Badge tone="amber">{CALL_STATUS_WORDS[call.status] ?? call.status}</Badge>
        ) : null
      }
    >
      {facts.length > 0 ? (
        <p className="text-sm text-zinc-600" data-testid="call-facts">
          {facts.join(" · ")}
        </p>
      ) : null}
      {call.summary ? (
        <div className="rounded-md bg-zinc-50 px-3 py-2 text-sm text-zinc-800">
          <div className="mb-1 flex items-center gap-2">
            <span className="text-xs font-medium text-zinc-500">Summary</span>
            {call.summarySource ? (
              <Badge tone="brand">
                <span data-testid="summary-source">{SUMMARY_SOURCES[call.summarySource]}</span>
              </Badge>
            ) : null}
          </div>
          <p className="whitespace-pre-wrap" data-testid="call-summary">
            {call.summary}
          </p>
        </div>
      ) : null}
      <div className="flex flex-wrap items-center gap-x-4">
        {call.recordingUrl ? (
          <a
            href={call.recordingUrl}
            target="_blank"
            rel="noopener noreferrer"
            className="text-sm font-medium text-brand-700 hover:underline"
          >
            Listen to the recording
          </a>
        ) : null}
        {call.messageCount > 0 ? (
          <Transcript
            contactId={contactId}
            conversationId={call.id}
            showLabel="Show transcript"
            speakers={{ user: "Caller", assistant: "Agent" }}
          />
        ) : null}
      </div>
    </Shell>
  );
}

function SmsEntry({
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

const humanKind = (kind: string) => {
  const words = kind.replace(/[._-]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

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
  return <Shell testId="timeline-other" title={humanKind(entry.kind)} time={time} />;
}
