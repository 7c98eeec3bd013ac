import {
  index,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { tenantOrgId } from "./columns";

// One contact per person and org, found by E.164 phone (withheld callers have no contact).
export const contacts = pgTable(
  "contacts",
  {
    orgId: tenantOrgId(),
    id: uuid().notNull().defaultRandom(),
    phoneE164: text("phone_e164"),
    email: text(),
    name: text(),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    lastInteractionAt: timestamp({ withTimezone: true, precision: 3 }),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex("contacts_org_phone_key").on(t.orgId, t.phoneE164),
    index("contacts_org_last_interaction_idx").on(t.orgId, t.lastInteractionAt.desc(), t.id),
  ],
);

export type Contact = typeof contacts.$inferSelect;
