import {
  date,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { tenantOrgId } from "./columns";

// The ROI engine (lib/roi, docs/adr/0017). Figures are computed per local day of the org and
// stored with everything that made them, so any figure shown can be traced and none is rewritten
// when a formula or an assumption changes later.

const ts = () => timestamp({ withTimezone: true, precision: 3 });
const money = () => numeric({ precision: 14, scale: 4, mode: "number" });

/**
 * What an org believes its agent's work is worth, and which formula turns it into money, in force
 * from `effective_from` (a local day) until the next version. The first version also covers the
 * days before it. A change made on a day replaces that day's version only.
 */
export const roiSettingsVersions = pgTable(
  "roi_settings_versions",
  {
    orgId: tenantOrgId(),
    effectiveFrom: date({ mode: "string" }).notNull(),
    formulaVersion: smallint().notNull(),
    /** lib/roi/assumptions.ts `RoiAssumptionSet`. */
    assumptions: jsonb().$type<Record<string, unknown>>().notNull(),
    /** Where it came from: the trade's template, the wizard, Settings, a formula upgrade. */
    source: text({ enum: ["template", "wizard", "settings", "formula"] }).notNull(),
    createdBy: uuid(),
    createdAt: ts().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.effectiveFrom] })],
);

/**
 * One local day of an org: the input totals read from its conversations, and the figure the
 * formula in force that day made of them, term by term. Recomputing a day rewrites the same row.
 */
export const roiDailyRollups = pgTable(
  "roi_daily_rollups",
  {
    orgId: tenantOrgId(),
    day: date({ mode: "string" }).notNull(),
    conversations: integer().notNull(),
    callsAnswered: integer().notNull(),
    afterHoursCalls: integer().notNull(),
    minutesHandled: numeric({ precision: 12, scale: 2, mode: "number" }).notNull(),
    smsHandled: integer().notNull(),
    resolved: integer().notNull(),
    escalated: integer().notNull(),
    qualifiedLeads: integer().notNull(),
    bookings: integer().notNull(),
    evaluated: integer().notNull(),
    successful: integer().notNull(),
    agentCost: money().notNull(),
    /** Of `agentCost`, what Twilio's callbacks said it charged (telephony_charges). */
    telephonyCost: money().notNull().default(0),
    formulaVersion: smallint().notNull(),
    /** The settings version in force (its `effective_from`) and a copy of its assumptions. */
    settingsFrom: date({ mode: "string" }).notNull(),
    assumptions: jsonb().$type<Record<string, unknown>>().notNull(),
    /** Each term of the formula in the org's currency (lib/roi/formulas.ts `RoiTerms`). */
    terms: jsonb().$type<Record<string, number>>().notNull(),
    value: money().notNull(),
    cost: money().notNull(),
    net: money().notNull(),
    computedAt: ts().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.day] })],
);

/** How far the incremental refresh has read an org's conversations (their `updated_at`). */
export const roiRefreshState = pgTable(
  "roi_refresh_state",
  {
    orgId: tenantOrgId(),
    refreshedThrough: ts().notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId] })],
);

/**
 * What Twilio charged for one call or message, when its status callback carried a `Price`
 * (lib/ingest/apply-charge.ts). Keyed by Twilio's SID, so a redelivered callback rewrites the same
 * row; the rollup joins it to the conversation by its CallSid (calls) or its message's SID (SMS),
 * whichever arrived first.
 */
export const telephonyCharges = pgTable(
  "telephony_charges",
  {
    orgId: tenantOrgId(),
    /** CallSid or MessageSid. */
    sid: text().notNull(),
    kind: text({ enum: ["call", "sms"] }).notNull(),
    /** What was charged, positive (Twilio sends charges as negative numbers). */
    amount: numeric({ precision: 12, scale: 5, mode: "number" }).notNull(),
    /** Twilio's `PriceUnit` (ISO 4217, USD for most accounts). */
    unit: text().notNull(),
    reportedAt: ts().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.sid] })],
);

export type RoiSettingsVersion = typeof roiSettingsVersions.$inferSelect;
export type RoiDailyRollup = typeof roiDailyRollups.$inferSelect;
