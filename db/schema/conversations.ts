import {
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { tenantOrgId } from "./columns";
import { contacts } from "./contacts";

const ts = (precision: 3 = 3) => timestamp({ withTimezone: true, precision });

// A call, an SMS thread or a webchat session. A call joins VAPI's call id and Twilio's CallSid,
// whichever arrives first creates it.
export const conversations = pgTable(
  "conversations",
  {
    orgId: tenantOrgId(),
    id: uuid().notNull().defaultRandom(),
    /** Null for withheld numbers: an "unknown caller" conversation. */
    contactId: uuid(),
    channel: text({ enum: ["voice", "sms", "webchat"] }).notNull(),
    direction: text({ enum: ["inbound", "outbound"] }),
    status: text().notNull(),
    /** Order of `status` (lib/webhooks/call-status.ts): a status never moves backwards. */
    statusRank: smallint().notNull().default(0),
    statusSequence: integer(),
    statusAt: ts(),
    vapiCallId: text(),
    twilioCallSid: text(),
    fromNumber: text(),
    toNumber: text(),
    startedAt: ts(),
    endedAt: ts(),
    durationSeconds: numeric({ precision: 12, scale: 3, mode: "number" }),
    endedReason: text(),
    cost: numeric({ precision: 12, scale: 4, mode: "number" }),
    costBreakdown: jsonb().$type<Record<string, unknown>>(),
    recordingUrl: text(),
    summary: text(),
    /** Who wrote `summary`: VAPI's analysis, Luneo's offline summariser or the configured LLM. */
    summarySource: text({ enum: ["vapi", "offline", "llm"] }),
    /**
     * When the memory job last summarised this conversation (null: not yet). The column keeps the
     * spelling it was created with: renaming stored names costs a migration and buys nothing.
     */
    summarisedAt: timestamp("summarized_at", { withTimezone: true, precision: 3 }),
    structuredData: jsonb().$type<Record<string, unknown>>(),
    successEvaluation: text(),
    lastMessageAt: ts(),
    createdAt: ts().notNull().defaultNow(),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex("conversations_org_vapi_call_key").on(t.orgId, t.vapiCallId),
    uniqueIndex("conversations_org_twilio_call_key").on(t.orgId, t.twilioCallSid),
    index("conversations_org_contact_idx").on(
      t.orgId,
      t.contactId,
      t.channel,
      t.lastMessageAt.desc(),
    ),
    // The ROI rollups read an org's conversations by local day and by what changed (lib/roi).
    index("conversations_org_started_idx").on(t.orgId, t.startedAt),
    index("conversations_org_updated_idx").on(t.orgId, t.updatedAt),
    foreignKey({ columns: [t.orgId, t.contactId], foreignColumns: [contacts.orgId, contacts.id] }),
  ],
);

export const messages = pgTable(
  "messages",
  {
    orgId: tenantOrgId(),
    id: uuid().notNull().defaultRandom(),
    conversationId: uuid().notNull(),
    role: text({ enum: ["user", "assistant", "system", "tool"] }).notNull(),
    content: text().notNull(),
    sentAt: ts(),
    /** Position in the conversation (transcript order; SMS by arrival). */
    seq: integer().notNull(),
    /** `t:<seq>` for transcript turns, `sms:<MessageSid>` for SMS: redeliveries do not duplicate. */
    dedupeKey: text().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex("messages_org_conversation_dedupe_key").on(t.orgId, t.conversationId, t.dedupeKey),
    index("messages_org_conversation_seq_idx").on(t.orgId, t.conversationId, t.seq),
    foreignKey({
      columns: [t.orgId, t.conversationId],
      foreignColumns: [conversations.orgId, conversations.id],
    }).onDelete("cascade"),
  ],
);

// One row per meaningful fact on a contact's timeline (call started/ended, SMS, summary…).
export const timelineEvents = pgTable(
  "timeline_events",
  {
    orgId: tenantOrgId(),
    id: uuid().notNull().defaultRandom(),
    contactId: uuid(),
    conversationId: uuid(),
    kind: text().notNull(),
    occurredAt: ts().notNull(),
    data: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    dedupeKey: text().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex("timeline_events_org_dedupe_key").on(t.orgId, t.dedupeKey),
    index("timeline_events_org_contact_idx").on(t.orgId, t.contactId, t.occurredAt.desc(), t.id),
    index("timeline_events_org_conversation_idx").on(t.orgId, t.conversationId),
  ],
);

export type Conversation = typeof conversations.$inferSelect;
export type Message = typeof messages.$inferSelect;
export type TimelineEvent = typeof timelineEvents.$inferSelect;
