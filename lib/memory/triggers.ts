import { env } from "@/lib/env";

// When a conversation counts as resolved, so its memory job can run.

/**
 * A call is summarised this long after it is first known to have ended (Twilio's "completed",
 * VAPI's "ended"), so that VAPI's end-of-call report — its transcript and analysis, which follow
 * by a few seconds to a minute — is in before the job runs. A call's ended events mostly collapse
 * into one job; a burst across a throttling slot's edge gives two (see enqueueMemorySummary).
 */
export const CALL_REPORT_GRACE_SECONDS = 90;

export const SMS_THREAD_IDLE_MINUTES_DEFAULT = 30;

/** Minutes of silence after which an SMS thread is summarised (env SMS_THREAD_IDLE_MINUTES). */
export function smsThreadIdleMinutes(): number {
  return env().SMS_THREAD_IDLE_MINUTES ?? SMS_THREAD_IDLE_MINUTES_DEFAULT;
}
