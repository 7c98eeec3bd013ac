import {
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => "bytea" });

export const WEBHOOK_EVENT_STATUSES = [
  "received",
  "processing",
  "processed",
  "rejected",
  "failed",
  "dead_lettered",
] as const;
export type WebhookEventStatus = (typeof WEBHOOK_EVENT_STATUSES)[number];

// The raw inbox, and the ingest queue itself (docs/adr/0019): a row is committed before the provider
// gets its 2xx, so nothing acknowledged is lost; the unique event key makes a redelivery a no-op.
// Workers claim rows that wait (received, or failed and due for a retry) straight from here
// (luneo_claim_inbox_events, lib/ingest/inbox-worker.ts): one row per event, no job row beside it.
export const webhookEvents = pgTable(
  "webhook_events",
  {
    // No foreign key to orgs, unlike every other tenant table: its check locks the org's row
    // (FOR KEY SHARE) on every insert, so concurrent events of one org queue on that row and each
    // lock writes a multixact and WAL; measured at 15–20 % of the receiver's statement
    // (docs/adr/0020). The org is the endpoint's (read through channel_connections, which has the
    // key), row-level security checks it on insert, and deleting an org deletes its events
    // (trigger luneo_orgs_delete_webhook_events, migration 0048).
    orgId: uuid().notNull(),
    id: uuid().notNull().defaultRandom(),
    provider: text({ enum: ["twilio", "vapi"] }).notNull(),
    connectionId: uuid().notNull(),
    kind: text().notNull(),
    eventKey: text().notNull(),
    status: text({ enum: WEBHOOK_EVENT_STATUSES }).notNull(),
    /** The body as text; NUL characters (which text cannot hold) removed. */
    rawBody: text().notNull(),
    /**
     * The exact bytes received, only when `rawBody` is not them: a NUL byte, or bytes that are not
     * UTF-8. With `rawBody` the inbox stays lossless and still searchable as text.
     */
    rawBytes: bytea(),
    /** Only headers of interest (content type, idempotency token, timestamps); never secrets. */
    headers: jsonb().$type<Record<string, string>>().notNull().default({}),
    rejectReason: text(),
    lastError: text(),
    /** Processing attempts started (claims); the retry limit counts these. */
    attempts: integer().notNull().default(0),
    /**
     * The provider's call id: events of one call are never processed at the same time, and are
     * taken in the order received. Null for events that need no order among themselves.
     */
    orderKey: text(),
    /** A failed event is tried again from then on (backing off); null: at once. */
    nextAttemptAt: timestamp({ withTimezone: true, precision: 3 }),
    /** While `processing`: the claim's lease. A worker that died leaves it to expire, then it is claimed again. */
    claimedUntil: timestamp({ withTimezone: true, precision: 3 }),
    receivedAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    processedAt: timestamp({ withTimezone: true, precision: 3 }),
    /**
     * Sent by Luneo's own "Send a test event" (lib/channels/test-marker.ts), not by a provider: its
     * contact stays out of the contact list and it does not count as a real call having arrived.
     */
    isTest: boolean().notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex("webhook_events_org_provider_key").on(t.orgId, t.provider, t.eventKey),
    index("webhook_events_org_received_idx").on(t.orgId, t.receivedAt.desc(), t.id.desc()),
    // Events that ended badly, for the log's filters and health (few: a processed event, the
    // common case, writes no entry here, and neither does one that waits; those are below).
    index("webhook_events_ended_badly_idx")
      .on(t.orgId, t.status, t.receivedAt.desc())
      .where(sql`status in ('rejected', 'dead_lettered')`),
    // The queue: only the rows that wait or run, in arrival order per org (small, whatever the
    // inbox's size; a processed event leaves it).
    index("webhook_events_waiting_idx")
      .on(t.orgId, t.receivedAt, t.id)
      .where(sql`status in ('received', 'processing', 'failed')`),
    // "Is an event of this call being processed?" and "how many of the org's run?": the claim.
    index("webhook_events_processing_idx")
      .on(t.orgId, t.orderKey)
      .where(sql`status = 'processing'`),
  ],
);

export type WebhookEvent = typeof webhookEvents.$inferSelect;
