import { clsx } from "clsx";
import type { ReactNode } from "react";

// What the timeline's entries share: the fetch of a route's JSON, the words and numbers they show,
// the frame of an entry and one turn of a conversation.

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

/** "booking.created" → "Booking created": a kind with no drawing of its own, in words. */
export const humanKind = (kind: string) => {
  const words = kind.replace(/[._-]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** One message of a conversation: the agent's on the right, the person's on the left. */
export function Turn({
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

/** The frame of every timeline entry: a title, the time of day and optional badges. */
export function Shell({
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
