import { sql } from "drizzle-orm";
import {
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

// Organisations are the tenants. `orgs` itself is protected by RLS on `id` (see the
// enable-row-level-security migration): inside a tenant transaction only the current org is visible.
export const orgs = pgTable(
  "orgs",
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    slug: text().notNull(),
    /** ISO 3166-1 alpha-2; the default region for phone numbers written without a country code. */
    country: text().notNull().default("US"),
    /** IANA time zone of the business (opening hours are read in it). */
    timezone: text().notNull().default("UTC"),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("orgs_slug_key").on(t.slug)],
);

/** How long a new account works before its email must be verified (docs/adr/0010). */
export const EMAIL_VERIFICATION_GRACE_DAYS = 7;

// Users are global identities: one person may belong to several orgs.
export const users = pgTable(
  "users",
  {
    id: uuid().primaryKey().defaultRandom(),
    email: text().notNull(),
    name: text().notNull(),
    passwordHash: text().notNull(),
    /**
     * Copied into the session token at sign-in; a token whose copy differs is signed out. Bumped by
     * `revokeUserSessions` (sign-out, password change, password reset), see docs/adr/0003.
     */
    sessionVersion: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Set when the person opened a verification (or password reset) link sent to `email`. */
    emailVerifiedAt: timestamp({ withTimezone: true }),
    /**
     * Until then an unverified account works fully (the first hour stays smooth); after it, the
     * person is asked to verify first (docs/adr/0010). Existing accounts got the grace period
     * from the day the column was added.
     */
    emailVerificationDueAt: timestamp({ withTimezone: true })
      .notNull()
      .default(
        sql`now() + make_interval(days => ${sql.raw(String(EMAIL_VERIFICATION_GRACE_DAYS))})`,
      ),
  },
  // Emails are stored lower-cased by the service; the index enforces it case-insensitively too.
  (t) => [uniqueIndex("users_email_key").on(sql`lower(${t.email})`)],
);

export const roleEnum = pgEnum("org_role", ["owner", "admin", "member"]);
export type OrgRole = (typeof roleEnum.enumValues)[number];

export const memberships = pgTable(
  "memberships",
  {
    orgId: uuid()
      .notNull()
      .references(() => orgs.id, { onDelete: "cascade" }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: roleEnum().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.userId] }),
    // The one index that does not lead with org_id: "which orgs is this user in" is asked at every
    // sign-in. On a distributed database this becomes a small fan-out query (see ADR 0002).
    index("memberships_user_id_idx").on(t.userId),
  ],
);

export const invitations = pgTable(
  "invitations",
  {
    orgId: uuid()
      .notNull()
      .references(() => orgs.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    email: text().notNull(),
    role: roleEnum().notNull(),
    // sha256 of the secret part of the link; the link itself is shown once to the inviter.
    secretHash: text().notNull(),
    /**
     * The member who answers for the invitation. Null: issued by Luneo staff provisioning an org
     * (`npm run staff -- create-org`, lib/staff/provisioning.ts), which answers for it instead.
     */
    invitedBy: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    acceptedAt: timestamp({ withTimezone: true }),
    acceptedBy: uuid().references(() => users.id),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index("invitations_org_created_idx").on(t.orgId, t.createdAt),
    index("invitations_invited_by_idx").on(t.orgId, t.invitedBy),
    index("invitations_accepted_by_idx").on(t.orgId, t.acceptedBy),
  ],
);

export type Org = typeof orgs.$inferSelect;
export type User = typeof users.$inferSelect;
export type Membership = typeof memberships.$inferSelect;
export type Invitation = typeof invitations.$inferSelect;
