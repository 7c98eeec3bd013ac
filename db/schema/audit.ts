import { sql } from "drizzle-orm";
import { index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { tenantOrgId } from "./columns";

/**
 * Actions that only read personal data (who saw whose details): kept in the audit log, left out
 * of the activity feed, which shows what changed.
 */
export const AUDIT_READ_ACTIONS = [
  "contact.viewed",
  "transcript.viewed",
  "contacts.listed",
] as const;

/**
 * "Not a read", written with literals: the activity feed's query must repeat the partial index's
 * predicate exactly (with bound parameters PostgreSQL could not prove the index applies).
 */
export const auditNotARead = sql.raw(
  `"audit_log"."action" not in (${AUDIT_READ_ACTIONS.map((a) => `'${a}'`).join(", ")})`,
);

// Who did what, when, in which org. `metadata` holds identifiers and changed field names,
// never PII values or secrets.
export const auditLog = pgTable(
  "audit_log",
  {
    orgId: tenantOrgId(),
    id: uuid().notNull().defaultRandom(),
    actorType: text({ enum: ["user", "api_key", "system"] }).notNull(),
    actorId: text(),
    action: text().notNull(),
    targetType: text(),
    targetId: text(),
    metadata: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    // Millisecond precision: keyset cursors round-trip through JS Dates, which hold milliseconds.
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    // Serves the audit page: newest first, keyset on (created_at, id).
    index("audit_log_org_created_idx").on(t.orgId, t.createdAt.desc(), t.id.desc()),
    // Serves the activity feed: the same order without the reads, which can outnumber the rest.
    index("audit_log_org_changes_idx")
      .on(t.orgId, t.createdAt.desc(), t.id.desc())
      .where(auditNotARead),
  ],
);

export type AuditEntry = typeof auditLog.$inferSelect;
