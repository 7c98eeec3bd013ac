import { sql } from "drizzle-orm";
import {
  boolean,
  check,
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
import { users } from "./tenancy";

export const LEAD_STATUSES = ["new", "contacted", "qualified", "customer", "lost"] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

/** Consent per channel: whether, when, and how it was given (e.g. "call", "import", "admin"). */
export type Consent = Partial<
  Record<"calls" | "sms" | "email", { granted: boolean; at: string; source: string }>
>;

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
    /** BCP 47, e.g. fr-FR: the language to speak with this person. */
    language: text(),
    tags: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    leadStatus: text({ enum: LEAD_STATUSES }).notNull().default("new"),
    /** Answers to the vertical's qualification questions, by lead field key (budget, area…). */
    leadFields: jsonb().$type<Record<string, string | number>>().notNull().default({}),
    /** How the person likes to be reached: { channel: "sms", bestTime: "evenings", … }. */
    preferences: jsonb().$type<Record<string, string>>().notNull().default({}),
    consent: jsonb().$type<Consent>().notNull().default({}),
    /** Channels this person has used (voice, sms, webchat), kept by ingestion for filtering. */
    channels: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Set when merged into another contact: hidden everywhere, kept 30 days to undo the merge. */
    mergedIntoId: uuid(),
    mergedAt: timestamp({ withTimezone: true, precision: 3 }),
    // Also `search_name`, luneo_search_text(name) stored for accent-free search: added by the
    // custom migration 0009 that creates the function, and read only in SQL (queries.ts).
    /**
     * Known only from Luneo's test events (the Channels page's sample caller): kept out of the
     * contact list and its counts. The first real event from the number clears it for good.
     */
    testOnly: boolean().notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex("contacts_org_phone_key").on(t.orgId, t.phoneE164),
    index("contacts_org_last_interaction_idx").on(t.orgId, t.lastInteractionAt.desc(), t.id),
    index("contacts_org_created_idx").on(t.orgId, t.createdAt.desc(), t.id),
    index("contacts_org_name_idx").on(t.orgId, sql`lower(${t.name})`, t.id),
    index("contacts_org_tags_idx").using("gin", t.orgId, t.tags),
    index("contacts_org_lead_fields_idx").using("gin", t.orgId, t.leadFields),
    index("contacts_org_status_idx").on(t.orgId, t.leadStatus, t.lastInteractionAt.desc(), t.id),
  ],
);

// Every phone number and email address of a contact (the primary ones too), unique in the org:
// how a caller or an imported row finds its contact, and what a merge moves.
export const contactIdentities = pgTable(
  "contact_identities",
  {
    orgId: tenantOrgId(),
    kind: text({ enum: ["phone", "email"] }).notNull(),
    /** E.164 for phones, lower-cased for emails. */
    value: text().notNull(),
    contactId: uuid().notNull(),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    /**
     * `value` backwards, kept by PostgreSQL: a number's last digits are the start of this, so
     * "2671" finds +14155552671 by a B-tree range. A stored column, not an index on
     * reverse(value): under row-level security only leakproof quals reach an index, and reverse()
     * is not leakproof while the pattern comparisons (~>=~, ~<~) on a plain column are.
     */
    reversedValue: text()
      .notNull()
      .generatedAlwaysAs(sql`reverse(value)`),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.kind, t.value] }),
    index("contact_identities_org_contact_idx").on(t.orgId, t.contactId),
    index("contact_identities_org_phone_suffix_idx")
      .on(t.orgId, t.reversedValue.op("text_pattern_ops"))
      .where(sql`${t.kind} = 'phone'`),
  ],
);

// A named filter of the contacts list.
export const contactSegments = pgTable(
  "contact_segments",
  {
    orgId: tenantOrgId(),
    id: uuid().notNull().defaultRandom(),
    name: text().notNull(),
    filter: jsonb().$type<Record<string, unknown>>().notNull(),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex("contact_segments_org_name_key").on(t.orgId, sql`lower(${t.name})`),
    index("contact_segments_created_by_idx").on(t.orgId, t.createdBy),
  ],
);

// One merge of `mergedId` into `survivorId`, with what it moved, so it can be undone for 30 days.
export const contactMerges = pgTable(
  "contact_merges",
  {
    orgId: tenantOrgId(),
    id: uuid().notNull().defaultRandom(),
    survivorId: uuid().notNull(),
    mergedId: uuid().notNull(),
    /** Ids moved and field values replaced, enough to put everything back. */
    moved: jsonb().$type<Record<string, unknown>>().notNull(),
    mergedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    mergedAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    undoneAt: timestamp({ withTimezone: true, precision: 3 }),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index("contact_merges_org_survivor_idx").on(t.orgId, t.survivorId, t.mergedAt.desc()),
    index("contact_merges_org_merged_idx").on(t.orgId, t.mergedId),
    index("contact_merges_merged_by_idx").on(t.orgId, t.mergedBy),
  ],
);

export const IMPORT_STATUSES = ["queued", "running", "done", "failed"] as const;

// A CSV import: the file, its column mapping, progress and the validation report.
export const contactImports = pgTable(
  "contact_imports",
  {
    orgId: tenantOrgId(),
    id: uuid().notNull().defaultRandom(),
    fileName: text().notNull(),
    csv: text().notNull(),
    /** CSV column → contact field (name, phone, email, tags, language, lead field keys…). */
    mapping: jsonb().$type<Record<string, string>>().notNull(),
    status: text({ enum: IMPORT_STATUSES }).notNull().default("queued"),
    totalRows: integer().notNull().default(0),
    processedRows: integer().notNull().default(0),
    created: integer().notNull().default(0),
    updated: integer().notNull().default(0),
    failed: integer().notNull().default(0),
    /**
     * Row-level problems: [{ row, field, message }], the first 500; `warning: true` for a value
     * left out of a row that was imported (a bad phone beside a good email).
     */
    report: jsonb()
      .$type<Array<{ row: number; field: string; message: string; warning?: true }>>()
      .notNull()
      .default([]),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    finishedAt: timestamp({ withTimezone: true, precision: 3 }),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index("contact_imports_org_created_idx").on(t.orgId, t.createdAt.desc()),
    index("contact_imports_created_by_idx").on(t.orgId, t.createdBy),
    check("contact_imports_counts", sql`${t.processedRows} <= ${t.totalRows}`),
  ],
);

export type Contact = typeof contacts.$inferSelect;
