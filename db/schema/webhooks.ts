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
import { tenantOrgId } from "./columns";

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => "bytea" });

export const WEBHOOK_EVENT_STATUSES = [
  "received",
  "processed",
  "rejected",
  "failed",
  "dead_lettered",
] as const;
export type WebhookEventStatus = (typeof WEBHOOK_EVENT_STATUSES)[number];

// The raw inbox. A row is committed (with its processing job) before the provider gets its 2xx, so
// nothing acknowledged is lost; the unique event key makes a redelivery a no-op.
export const webhookEvents = pgTable(
  "webhook_events",
  {
    orgId: tenantOrgId(),
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
    attempts: integer().notNull().default(0),
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
    index("webhook_events_org_status_idx").on(t.orgId, t.status, t.receivedAt.desc()),
  ],
);

export type WebhookEvent = typeof webhookEvents.$inferSelect;
