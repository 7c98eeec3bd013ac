import {
  COMPONENT_STATUSES,
  type ComponentId,
  type ComponentStatus,
  type CredentialOutcome,
} from "@/db/schema/health";
import {
  ASSISTANT_REQUEST,
  ENDED_REASONS,
  PROCESSING,
  THRESHOLDS,
  type RateThresholds,
} from "./thresholds";

// From the counts of a window to a status and a sentence: pure, so the thresholds are tested on
// their own (compute.test.ts) and the same rules run in the job, the pages and the seed.

export type RateCount = { total: number; bad: number };

export type Signals = {
  connected: { twilio: boolean; vapi: boolean };
  phone: RateCount;
  sms: RateCount;
  vapi: RateCount;
  /** End-of-call reports in the window, by `endedReason` (null: none given). */
  endedReasons: { reason: string | null; count: number }[];
  /** Webhook requests refused for a bad signature in the callbacks' window, per channel. */
  refused: { twilio: number; vapi: number };
  /** VAPI's assistant-requests as Luneo answered them in the agent's window. */
  answers: { answered: number; failed: number; slow: number; maxMs: number };
  processing: { oldestWaitingSeconds: number | null; failed: number };
  credentials: { provider: "twilio" | "vapi"; outcome: CredentialOutcome; detail: string }[];
};

export type ComponentHealth = {
  component: ComponentId;
  status: ComponentStatus;
  reason: string;
  /** False when the component does not apply to this org yet (its channel is not connected). */
  applicable: boolean;
};

export const COMPONENT_NAMES: Record<ComponentId, string> = {
  phone: "Phone line",
  sms: "Text messages",
  vapi: "VAPI server messages",
  agent: "Agent answering calls",
  ai_providers: "AI providers",
  processing: "Luneo processing",
  credentials: "Credentials",
};

/** The channel a component needs to mean anything (null: always measured). */
export const COMPONENT_CHANNEL: Record<ComponentId, "twilio" | "vapi" | "any" | null> = {
  phone: "twilio",
  sms: "twilio",
  vapi: "vapi",
  agent: "vapi",
  ai_providers: "vapi",
  processing: null,
  credentials: "any",
};

export const STATUS_NAMES: Record<ComponentStatus, string> = {
  operational: "Operational",
  degraded_performance: "Degraded performance",
  partial_outage: "Partial outage",
  major_outage: "Major outage",
};

export const worstOf = (statuses: ComponentStatus[]): ComponentStatus =>
  statuses.reduce<ComponentStatus>(
    (worst, s) => (COMPONENT_STATUSES.indexOf(s) > COMPONENT_STATUSES.indexOf(worst) ? s : worst),
    "operational",
  );

/** The status a failure rate earns under `t` (operational below `minEvents` events). */
export function rateStatus(count: RateCount, t: RateThresholds): ComponentStatus {
  if (count.total < t.minEvents || count.total === 0) return "operational";
  const rate = count.bad / count.total;
  if (rate >= t.major) return "major_outage";
  if (rate >= t.partial) return "partial_outage";
  if (rate >= t.degraded) return "degraded_performance";
  return "operational";
}

/** The status of a value against rising `{degraded, partial, major}` levels. */
export function levelStatus(
  value: number,
  levels: { degraded: number; partial: number; major: number },
): ComponentStatus {
  if (value >= levels.major) return "major_outage";
  if (value >= levels.partial) return "partial_outage";
  if (value >= levels.degraded) return "degraded_performance";
  return "operational";
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function callbackHealth(
  component: "phone" | "sms" | "vapi",
  count: RateCount,
  what: string,
  applicable: boolean,
  notConnected: string,
  refused = 0,
): ComponentHealth {
  const t = THRESHOLDS[component];
  if (!applicable) {
    return { component, status: "operational", reason: notConnected, applicable };
  }
  const window = `in the last ${t.windowMinutes} minutes`;
  // A request refused for its signature is a callback that failed (thresholds.ts).
  const status = rateStatus({ total: count.total + refused, bad: count.bad + refused }, t);
  const processed =
    count.total === 0
      ? `No ${what} ${window}.`
      : count.bad === 0
        ? `All ${plural(count.total, what.replace(/s$/, ""), what)} ${window} were processed.`
        : `${count.bad} of ${plural(count.total, what.replace(/s$/, ""), what)} ${window} could not be read or processed.`;
  const reason =
    refused === 0
      ? processed
      : `${plural(refused, "request")} with a bad signature ${refused === 1 ? "was" : "were"} refused ${window}. ${count.total === 0 ? `No ${what} were accepted.` : processed}`;
  return { component, status, reason, applicable };
}

const matches = (reason: string | null, patterns: readonly RegExp[]) =>
  reason !== null && patterns.some((p) => p.test(reason));

function endedReasonHealth(
  component: "agent" | "ai_providers",
  endedReasons: Signals["endedReasons"],
  patterns: readonly RegExp[],
  because: string,
  applicable: boolean,
): ComponentHealth {
  const t = THRESHOLDS[component];
  if (!applicable) {
    return { component, status: "operational", reason: "VAPI is not connected.", applicable };
  }
  const total = endedReasons.reduce((sum, r) => sum + r.count, 0);
  const failing = endedReasons
    .filter((r) => matches(r.reason, patterns))
    .sort((x, y) => y.count - x.count);
  const bad = failing.reduce((sum, r) => sum + r.count, 0);
  const status = rateStatus({ total, bad }, t);
  const window = `in the last ${t.windowMinutes} minutes`;
  const reason =
    total === 0
      ? `No calls ended ${window}.`
      : bad === 0
        ? `${plural(total, "call")} ended normally ${window}.`
        : `${bad} of ${plural(total, "call")} ${window} ended because ${because} (${failing
            .slice(0, 2)
            .map((r) => r.reason)
            .join(", ")}).`;
  return { component, status, reason, applicable };
}

/** The agent's own answers to assistant-request: failures by rate, slowness degraded at worst. */
function answerHealth(a: Signals["answers"]): { status: ComponentStatus; reason: string | null } {
  const t = ASSISTANT_REQUEST;
  if (a.answered === 0) return { status: "operational", reason: null };
  const failedStatus = rateStatus({ total: a.answered, bad: a.failed }, t);
  const slowStatus: ComponentStatus =
    a.answered >= t.minEvents && a.slow / a.answered >= t.slowDegraded
      ? "degraded_performance"
      : "operational";
  const parts: string[] = [];
  if (a.failed > 0) parts.push(`${a.failed} of ${plural(a.answered, "assistant request")} failed`);
  if (a.slow > 0) {
    parts.push(
      `${a.slow} of ${plural(a.answered, "assistant request")} took over ${t.slowMs / 1000} s (slowest ${(a.maxMs / 1000).toFixed(1)} s)`,
    );
  }
  const reason =
    parts.length === 0
      ? `${plural(a.answered, "assistant request")} answered in time.`
      : `${parts.join("; ").replace(/^./, (c) => c.toUpperCase())} in the last ${t.windowMinutes} minutes.`;
  return { status: worstOf([failedStatus, slowStatus]), reason };
}

function processingHealth(p: Signals["processing"]): ComponentHealth {
  const lag = p.oldestWaitingSeconds ?? 0;
  const status = worstOf([
    levelStatus(lag, PROCESSING.lagSeconds),
    levelStatus(p.failed, PROCESSING.failedEvents),
  ]);
  const parts: string[] = [];
  if (p.oldestWaitingSeconds !== null && lag >= PROCESSING.lagSeconds.degraded) {
    parts.push(`the oldest event has waited ${Math.round(lag / 60)} min to be processed`);
  }
  if (p.failed > 0) {
    parts.push(
      `${plural(p.failed, "event")} failed in the last ${PROCESSING.windowMinutes} minutes`,
    );
  }
  const reason =
    parts.length === 0
      ? "Events are processed as they arrive."
      : `${parts.join("; ").replace(/^./, (c) => c.toUpperCase())}.`;
  return { component: "processing", status, reason, applicable: true };
}

const OUTCOME_STATUS: Record<CredentialOutcome, ComponentStatus> = {
  ok: "operational",
  not_configured: "operational",
  unreachable: "degraded_performance",
  rejected: "major_outage",
  suspended: "major_outage",
  closed: "major_outage",
};

function credentialsHealth(s: Signals): ComponentHealth {
  const applicable = s.connected.twilio || s.connected.vapi;
  if (!applicable) {
    return {
      component: "credentials",
      status: "operational",
      reason: "No channel is connected.",
      applicable,
    };
  }
  const checks = s.credentials;
  if (checks.length === 0) {
    return {
      component: "credentials",
      status: "operational",
      reason: "Not checked yet.",
      applicable,
    };
  }
  const status = worstOf(checks.map((c) => OUTCOME_STATUS[c.outcome]));
  const bad = checks.filter((c) => OUTCOME_STATUS[c.outcome] !== "operational");
  const reason = (bad.length > 0 ? bad : checks).map((c) => c.detail).join(" ");
  return { component: "credentials", status, reason, applicable };
}

/** The agent: how calls ended, and how Luneo answered their assistant-requests. */
function agentHealth(s: Signals): ComponentHealth {
  const ended = endedReasonHealth(
    "agent",
    s.endedReasons,
    ENDED_REASONS.agent,
    "the agent could not answer",
    s.connected.vapi,
  );
  if (!ended.applicable) return ended;
  const answers = answerHealth(s.answers);
  if (answers.reason === null) return ended;
  const status = worstOf([ended.status, answers.status]);
  // The worse signal speaks first.
  const reason =
    answers.status !== "operational" && answers.status === status
      ? `${answers.reason} ${ended.reason}`
      : `${ended.reason} ${answers.reason}`;
  return { ...ended, status, reason };
}

/** Every component's status and why, from one window of signals. */
export function computeHealth(s: Signals): ComponentHealth[] {
  return [
    callbackHealth(
      "phone",
      s.phone,
      "voice callbacks",
      s.connected.twilio,
      "Twilio is not connected.",
      s.refused.twilio,
    ),
    callbackHealth("sms", s.sms, "SMS callbacks", s.connected.twilio, "Twilio is not connected."),
    callbackHealth(
      "vapi",
      s.vapi,
      "VAPI messages",
      s.connected.vapi,
      "VAPI is not connected.",
      s.refused.vapi,
    ),
    agentHealth(s),
    endedReasonHealth(
      "ai_providers",
      s.endedReasons,
      ENDED_REASONS.aiProviders,
      "an AI provider failed",
      s.connected.vapi,
    ),
    processingHealth(s.processing),
    credentialsHealth(s),
  ];
}
