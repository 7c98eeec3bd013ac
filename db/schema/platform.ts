import { index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./tenancy";

// People who work on Luneo itself rather than in one business (docs/adr/0011). Not an org role: a
// row here makes a user staff in no org and in all of them, through lib/staff only. Granted and
// revoked by `npm run staff`; both tables belong to no org, so only the system role writes them.
export const platformStaff = pgTable("platform_staff", {
  userId: uuid()
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  grantedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

// The audit log of the platform: what staff and operators (someone at a console running
// `npm run staff`) did or read, including across orgs. audit_log belongs to one org each; these
// entries may concern none (a grant) or many (a cross-org read), so they live apart. An entry that
// changes one org (a provisioned org, a key) is also written to that org's own audit_log.
export const platformAuditLog = pgTable(
  "platform_audit_log",
  {
    id: uuid().primaryKey().defaultRandom(),
    /** `staff`: a signed-in staff user (actor_id = user id); `operator`: the command line. */
    actorType: text({ enum: ["staff", "operator"] }).notNull(),
    actorId: text().notNull(),
    action: text().notNull(),
    targetType: text(),
    targetId: text(),
    /** Why staff read across orgs (withStaff's `reason`): the question the read answered. */
    reason: text(),
    /** Identifiers only: never PII values or secrets. */
    metadata: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index("platform_audit_log_created_idx").on(t.createdAt.desc(), t.id.desc())],
);

export type PlatformAuditEntry = typeof platformAuditLog.$inferSelect;
