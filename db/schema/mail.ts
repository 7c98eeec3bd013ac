import {
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { tenantOrgId } from "./columns";
import { users } from "./tenancy";

// Every email Luneo sends is first a row here, written in the transaction of what caused it, and
// sent by the mail.send job (lib/mail). Nothing is dropped silently: a message is sent, waiting
// for another attempt, failed after its last one, or held because no SMTP server is configured.
export const mailStatusEnum = pgEnum("mail_status", ["queued", "sent", "failed", "no_smtp"]);
export type MailStatus = (typeof mailStatusEnum.enumValues)[number];

const messageColumns = () => ({
  id: uuid().notNull().defaultRandom(),
  /** What the message is (invitation, password_reset, email_verification, …): for the Outbox page. */
  kind: text().notNull(),
  toAddress: text().notNull(),
  subject: text().notNull(),
  /** Plain text. May hold a one-time link: never logged, shown only through an audited read. */
  body: text().notNull(),
  status: mailStatusEnum().notNull().default("queued"),
  attempts: integer().notNull().default(0),
  /** The last failure, as an SMTP code or a network error name (never an address or a body). */
  lastError: text(),
  // Millisecond precision: the Outbox page pages by (created_at, id) keyset cursors.
  createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  sentAt: timestamp({ withTimezone: true }),
});

/** Mail that belongs to an org (invitations; later reports and alerts): tenant data under RLS. */
export const outboxMessages = pgTable(
  "outbox_messages",
  { orgId: tenantOrgId(), ...messageColumns() },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index("outbox_messages_org_created_idx").on(t.orgId, t.createdAt),
  ],
);

/**
 * Mail about a person's account rather than an org (password resets, email verification, "someone
 * tried to sign up with your address"). Not tenant data: only the system role reads or writes it.
 */
export const accountMessages = pgTable(
  "account_messages",
  {
    ...messageColumns(),
    userId: uuid().references(() => users.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.id] }), index("account_messages_user_idx").on(t.userId)],
);

export type OutboxMessage = typeof outboxMessages.$inferSelect;
export type AccountMessage = typeof accountMessages.$inferSelect;
