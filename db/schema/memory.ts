import { index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { tenantOrgId } from "./columns";
import { users } from "./tenancy";

export type OpenItem = { text: string; conversationId: string | null; createdAt: string };

/** Where a summary or a fact came from. */
export const MEMORY_SOURCES = ["vapi", "offline", "llm", "admin", "import"] as const;
export type MemorySource = (typeof MEMORY_SOURCES)[number];

// What Luneo remembers of a contact, rewritten by the memory job after each resolved conversation.
// `agentBrief` is the precomputed part of VAPI's assistant-request answer (name, summary, open
// items, key facts), so the call-time answer reads one row.
export const contactMemory = pgTable(
  "contact_memory",
  {
    orgId: tenantOrgId(),
    contactId: uuid().notNull(),
    summary: text().notNull().default(""),
    openItems: jsonb().$type<OpenItem[]>().notNull().default([]),
    agentBrief: jsonb().$type<Record<string, string>>().notNull().default({}),
    lastConversationId: uuid(),
    updatedAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.contactId] })],
);

// Key/value facts about a contact (budget, area, order number…), each with its origin.
export const contactFacts = pgTable(
  "contact_facts",
  {
    orgId: tenantOrgId(),
    contactId: uuid().notNull(),
    key: text().notNull(),
    value: text().notNull(),
    /** The conversation it was learnt in; null when an admin or an import set it. */
    conversationId: uuid(),
    source: text({ enum: MEMORY_SOURCES }).notNull(),
    updatedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    updatedAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.contactId, t.key] }),
    index("contact_facts_org_conversation_idx").on(t.orgId, t.conversationId),
    index("contact_facts_updated_by_idx").on(t.orgId, t.updatedBy),
  ],
);

export type ContactMemory = typeof contactMemory.$inferSelect;
export type ContactFact = typeof contactFacts.$inferSelect;
