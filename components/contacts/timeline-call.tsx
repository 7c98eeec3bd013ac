"use client";
import { TEXT_LINK_CLASSES } from "@/components/ui/text-link";

import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Badge } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { contactKeys } from "@/lib/contacts/keys";
import type { Transcript as TranscriptData } from "@/lib/contacts/recorded-reads";
import type { TimelineConversation } from "@/lib/contacts/timeline/recorded-reads";
import { callProgress } from "./call-progress";
import {
  endedReasonInWords,
  formatCost,
  formatDuration,
  getJson,
  Shell,
  Turn,
} from "./timeline-shell";

const SUMMARY_SOURCES: Record<NonNullable<TimelineConversation["summarySource"]>, string> = {
  vapi: "VAPI",
  offline: "Luneo",
  llm: "AI",
};

/** A conversation's turns, fetched the first time they are shown (calls, and long SMS threads). */
export function Transcript({
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
      getJson<TranscriptData>(
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

/** A call: its facts, summary, recording and transcript. */
export function CallEntry({
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
  const progress = callProgress(call, new Date());
  return (
    <Shell
      testId="timeline-call"
      anchor={`conversation-${call.id}`}
      title={title}
      time={time}
      badges={
        progress.badge ? (
          <span data-testid="call-progress">
            <Badge tone={progress.badge.tone}>{progress.badge.text}</Badge>
          </span>
        ) : null
      }
    >
      {progress.note ? (
        <p className="text-sm text-zinc-500" data-testid="call-note">
          {progress.note}
        </p>
      ) : null}
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
            className={`text-sm font-medium ${TEXT_LINK_CLASSES}`}
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
