import { index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { tenantOrgId } from "./columns";

// Who did what, when, in which org. `metadata` holds identifiers and changed field names,
// never PII values or secrets.
export const auditLog = pgTable(
  "audit_log",
  {
    orgId: tenantOrgId(),
    id: uuid().notNull().defaultRandom(),
    actorType: text({ enum: ["user", "api_key", "webhook", "system"] }).notNull(),
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
  ],
);

export type AuditEntry = typeof auditLog.$inferSelect;
