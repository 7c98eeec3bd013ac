import {
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { tenantOrgId } from "./columns";

// The outbox: facts other modules react to (memory, learning, ROI, automation, incidents), written
// in the same transaction as the change they describe.
export const domainEvents = pgTable(
  "domain_events",
  {
    orgId: tenantOrgId(),
    id: uuid().notNull().defaultRandom(),
    type: text().notNull(),
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    dedupeKey: text().notNull(),
    occurredAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    publishedAt: timestamp({ withTimezone: true, precision: 3 }),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex("domain_events_org_dedupe_key").on(t.orgId, t.dedupeKey),
    index("domain_events_org_created_idx").on(t.orgId, t.createdAt),
  ],
);

export type DomainEvent = typeof domainEvents.$inferSelect;
