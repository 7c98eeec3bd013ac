import {
  boolean,
  index,
  integer,
  pgTable,
  primaryKey,
  real,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { tenantOrgId } from "./columns";
import { users } from "./tenancy";

const ts = () => timestamp({ withTimezone: true, precision: 3 });

/** What became of one agent turn (lib/learning/detector.ts). */
export const SIGNAL_OUTCOMES = [
  "answered",
  "deflected",
  "escalated",
  "abandoned",
  "negative",
] as const;
export type SignalOutcome = (typeof SIGNAL_OUTCOMES)[number];

export const LEARNING_LANGUAGES = ["en", "fr"] as const;
export type LearningLanguage = (typeof LEARNING_LANGUAGES)[number];

export const GAP_STATUSES = ["open", "approved", "dismissed", "expired"] as const;
export type GapStatus = (typeof GAP_STATUSES)[number];

/** Where a signal came from: a channel Luneo ingests, or POST /api/v1/learning/signals. */
export const SIGNAL_CHANNELS = ["voice", "sms", "webchat", "api"] as const;
export type SignalChannel = (typeof SIGNAL_CHANNELS)[number];

/** The detector name of signals sent through the API (the conversation rebuild leaves them alone). */
export const API_DETECTOR = "api";

// One learning signal per assistant turn of an ingested conversation, rebuilt whole by the
// learning.signals job (delete the conversation's rows, insert them again: idempotent). The
// question is what the caller said before the turn, the answer the turn itself. Signals sent
// through the API (detector "api") have no turn: no seq, maybe no conversation, and an optional
// externalId that makes the sending idempotent.
export const learningSignals = pgTable(
  "learning_signals",
  {
    orgId: tenantOrgId(),
    id: uuid().notNull().defaultRandom(),
    /** Null only for a signal sent through the API without a conversation. */
    conversationId: uuid(),
    /** The assistant message's position in the conversation (messages.seq); null for API signals. */
    seq: integer(),
    contactId: uuid(),
    channel: text({ enum: SIGNAL_CHANNELS }).notNull(),
    /** The sender's id of an API signal: a second POST with it answers the first signal. */
    externalId: text(),
    question: text().notNull(),
    answer: text().notNull(),
    outcome: text({ enum: SIGNAL_OUTCOMES }).notNull(),
    language: text({ enum: LEARNING_LANGUAGES }).notNull(),
    detector: text().notNull(),
    detectorVersion: smallint().notNull(),
    occurredAt: ts().notNull(),
    /** The gap the question was clustered into (unanswered questions only). */
    gapId: uuid(),
    /** Covered by an approved answer and still not answered: "asked again, still failed". */
    askedAgain: boolean().notNull().default(false),
    /** Placed by an admin (merge, move out): the weekly pass leaves it in its gap. */
    pinned: boolean().notNull().default(false),
    createdAt: ts().notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex("learning_signals_org_conversation_seq_key").on(t.orgId, t.conversationId, t.seq),
    uniqueIndex("learning_signals_org_external_id_key").on(t.orgId, t.externalId),
    index("learning_signals_org_gap_idx").on(t.orgId, t.gapId, t.occurredAt.desc()),
    index("learning_signals_org_occurred_idx").on(t.orgId, t.occurredAt.desc()),
    // A gap's suggested answer reads the latest answered turns (lib/learning/suggestion.ts and the
    // gap page): without it, 200,000 signals are sorted to keep 500 (bench:queries). Ascending,
    // read backwards: `order by occurred_at desc` is DESC NULLS FIRST, which a DESC NULLS LAST
    // index (Drizzle's .desc()) does not give, though the column is never null.
    index("learning_signals_org_outcome_occurred_idx").on(t.orgId, t.outcome, t.occurredAt),
  ],
);

// A knowledge gap: unanswered questions clustered together (lib/learning/cluster.ts). Approving
// one writes its answer into the org's agent configuration as a knowledge entry (`knowledgeId`),
// the merge-patch path the setup wizard uses, so the next assistant-request carries it.
export const learningGaps = pgTable(
  "learning_gaps",
  {
    orgId: tenantOrgId(),
    id: uuid().notNull().defaultRandom(),
    language: text({ enum: LEARNING_LANGUAGES }).notNull(),
    status: text({ enum: GAP_STATUSES }).notNull().default("open"),
    /** The most central member question. */
    canonicalQuestion: text().notNull(),
    signalCount: integer().notNull().default(0),
    callerCount: integer().notNull().default(0),
    firstSeenAt: ts().notNull(),
    lastSeenAt: ts().notNull(),
    /** (signals + 2 × distinct callers) × 0.5^(days since last seen ÷ 14), see lib/learning/rank.ts. */
    impact: real().notNull().default(0),
    answer: text(),
    /** The knowledge entry's key in the agent configuration once approved. */
    knowledgeId: text(),
    dismissReason: text(),
    /** An open gap snoozed until then leaves the review list (it still gathers questions). */
    snoozedUntil: ts(),
    decidedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    decidedAt: ts(),
    /**
     * Approved gaps: whether the answer kept the suggestion Luneo offered at that moment (at most
     * 10 % of its words changed: lib/learning/adoption.ts); null when there was no suggestion. The
     * adoption KPI of the weekly report and the overview (docs/adr/0014).
     */
    suggestionKept: boolean(),
    /** Bumped by every decision: a second admin acting on an older copy gets a conflict. */
    version: integer().notNull().default(1),
    createdAt: ts().notNull().defaultNow(),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index("learning_gaps_org_status_impact_idx").on(
      t.orgId,
      t.status,
      t.impact.desc(),
      t.lastSeenAt.desc(),
    ),
    index("learning_gaps_decided_by_idx").on(t.orgId, t.decidedBy),
  ],
);

export type LearningSignal = typeof learningSignals.$inferSelect;
export type LearningGap = typeof learningGaps.$inferSelect;

// The weekly report's email, once per org and ISO week (lib/learning/report-mail.ts): the row is
// written in the transaction that queues the admins' messages, so a second run of the job for the
// same week finds it and sends nothing.
export const learningReportMailings = pgTable(
  "learning_report_mailings",
  {
    orgId: tenantOrgId(),
    /** The ISO week in the org's time zone, as in the page's address: 2026-W49. */
    week: text().notNull(),
    recipients: integer().notNull(),
    queuedAt: ts().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.week] })],
);
