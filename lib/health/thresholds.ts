import type { ComponentId } from "@/db/schema/health";

// Every number that decides a component's health, in one place (docs/architecture.md, "Health").
// A rate threshold is the share of events in the window that went wrong; the component takes the
// worst status whose threshold is reached, and only once the window holds `minEvents` events (two
// failed calls out of two on a quiet morning are not an outage of the phone line, they are two
// calls). Counts are absolute.

export type RateThresholds = {
  /** The sliding window, in minutes. */
  windowMinutes: number;
  /** Fewer events than this in the window: operational, whatever their outcome. */
  minEvents: number;
  degraded: number;
  partial: number;
  major: number;
};

export type IncidentTiming = {
  /** Minutes a component stays out of operational before an incident opens. */
  openAfterMinutes: number;
  /** Minutes of operational before the incident resolves itself. */
  resolveAfterMinutes: number;
};

export const THRESHOLDS = {
  /**
   * Twilio voice callbacks that could not be read or processed, of those received. Twilio requests
   * refused for a bad signature (any Twilio route of the org: the URL names the org, not the kind)
   * count here as failed callbacks, as VAPI's count under `vapi`.
   */
  phone: { windowMinutes: 15, minEvents: 4, degraded: 0.1, partial: 0.25, major: 0.5 },
  /** Twilio SMS callbacks that could not be read or processed, of those received. */
  sms: { windowMinutes: 15, minEvents: 4, degraded: 0.1, partial: 0.25, major: 0.5 },
  /** VAPI server messages that could not be read or processed (or were refused for their signature). */
  vapi: { windowMinutes: 15, minEvents: 4, degraded: 0.1, partial: 0.25, major: 0.5 },
  /** Calls that ended because the agent could not answer (ENDED_REASONS.agent), of calls ended. */
  agent: { windowMinutes: 15, minEvents: 3, degraded: 0.1, partial: 0.25, major: 0.5 },
  /** Calls that ended on a provider fault or pipeline error (ENDED_REASONS.aiProviders). */
  ai_providers: { windowMinutes: 15, minEvents: 3, degraded: 0.05, partial: 0.2, major: 0.5 },
} satisfies Record<string, RateThresholds>;

/**
 * VAPI's assistant-request as Luneo answered it (lib/health/counters.ts), for the agent component
 * beside the calls' `endedReason`: the share of answers that were not a 2xx (a 503 when the
 * database did not answer in time), and the share slower than `slowMs`, which is degraded
 * performance at worst (the call was still answered). VAPI waits a few seconds for the answer
 * before it gives up on the call; `slowMs` is well inside that.
 */
export const ASSISTANT_REQUEST = {
  windowMinutes: 15,
  minEvents: 3,
  degraded: 0.1,
  partial: 0.25,
  major: 0.5,
  slowMs: 2_000,
  /** The share of slow answers that makes the agent degraded. */
  slowDegraded: 0.2,
} as const;

/** Luneo's own processing of what arrived: how long events wait, and how many fail. */
export const PROCESSING = {
  windowMinutes: 15,
  /** The oldest event still waiting to be processed, in seconds. */
  lagSeconds: { degraded: 60, partial: 300, major: 900 },
  /** Events that failed or were dead-lettered in the window. */
  failedEvents: { degraded: 1, partial: 5, major: 20 },
} as const;

/** When credentials are checked again on their own (besides at every connection change). */
export const CREDENTIAL_CHECK_EVERY_MINUTES = 60;
/** How long Luneo waits for Twilio or VAPI to answer a credential check. */
export const CREDENTIAL_CHECK_TIMEOUT_MS = 10_000;

export const INCIDENT_TIMING: Record<ComponentId, IncidentTiming> = {
  phone: { openAfterMinutes: 5, resolveAfterMinutes: 15 },
  sms: { openAfterMinutes: 10, resolveAfterMinutes: 15 },
  vapi: { openAfterMinutes: 5, resolveAfterMinutes: 15 },
  agent: { openAfterMinutes: 5, resolveAfterMinutes: 15 },
  ai_providers: { openAfterMinutes: 10, resolveAfterMinutes: 15 },
  processing: { openAfterMinutes: 5, resolveAfterMinutes: 10 },
  // A refused credential does not get better by waiting: open at once, resolve at the next good check.
  credentials: { openAfterMinutes: 0, resolveAfterMinutes: 0 },
};

/**
 * VAPI `endedReason` families (https://docs.vapi.ai/calls/call-ended-reason). A call ended by the
 * customer, the assistant or a voicemail is a call that worked.
 */
export const ENDED_REASONS = {
  /** The agent did not answer: Luneo's assistant-request (or the assistant's set-up) failed. */
  agent: [
    /^assistant-request-failed$/,
    /^assistant-request-returned-/,
    /^assistant-not-found$/,
    /^assistant-not-valid$/,
    /^assistant-not-provided$/,
    /^assistant-join-timed-out$/,
    /^assistant-error$/,
  ],
  /** An AI provider (model, voice, transcriber) or the media pipeline failed. */
  aiProviders: [/providerfault/, /^pipeline-error-/, /^call\.in-progress\.error-/],
} as const;

/**
 * How a minute in each status counts towards uptime (Statuspage's convention): degraded
 * performance is up, a partial outage counts as 30 % down, a major outage as fully down.
 */
export const DOWNTIME_WEIGHT = {
  operational: 0,
  degraded_performance: 0,
  partial_outage: 0.3,
  major_outage: 1,
} as const;

/** Days of history on the status page's uptime bars. */
export const UPTIME_DAYS = 90;
