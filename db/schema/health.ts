import { sql } from "drizzle-orm";
import {
  boolean,
  date,
  doublePrecision,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { tenantOrgId } from "./columns";
import { users } from "./tenancy";

const ts = () => timestamp({ withTimezone: true, precision: 3 });

// Health of an org's components (lib/health): what Luneo computed from the data it already stores,
// the credential checks it made, and the incidents those opened. Words and ids only: no contact data.

/** Statuspage's vocabulary, best first. */
export const COMPONENT_STATUSES = [
  "operational",
  "degraded_performance",
  "partial_outage",
  "major_outage",
] as const;
export type ComponentStatus = (typeof COMPONENT_STATUSES)[number];

export const COMPONENT_IDS = [
  "phone",
  "sms",
  "vapi",
  "agent",
  "ai_providers",
  "processing",
  "credentials",
] as const;
export type ComponentId = (typeof COMPONENT_IDS)[number];

/**
 * One row per stretch of time a component spent in one status: the current one has `ended_at`
 * null (one per component, by the partial unique index). Uptime bars add these up.
 */
export const componentStatusPeriods = pgTable(
  "component_status_periods",
  {
    orgId: tenantOrgId(),
    id: uuid().notNull().defaultRandom(),
    component: text({ enum: COMPONENT_IDS }).notNull(),
    status: text({ enum: COMPONENT_STATUSES }).notNull(),
    /** Why, in words ("3 of 8 calls ended with assistant-request-failed in 15 minutes"). */
    reason: text().notNull(),
    startedAt: ts().notNull().defaultNow(),
    endedAt: ts(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex("component_status_periods_one_current")
      .on(t.orgId, t.component)
      .where(sql`${t.endedAt} is null`),
    index("component_status_periods_org_started_idx").on(t.orgId, t.component, t.startedAt),
    // The uptime rollup reads the periods that ended after a day began (or have not ended).
    index("component_status_periods_org_ended_idx").on(t.orgId, t.endedAt),
  ],
);

export const CREDENTIAL_OUTCOMES = [
  "ok",
  "rejected",
  "suspended",
  "closed",
  "unreachable",
  "not_configured",
] as const;
export type CredentialOutcome = (typeof CREDENTIAL_OUTCOMES)[number];

/** The last credential check of each provider (one row each, replaced at every check). */
export const credentialChecks = pgTable(
  "credential_checks",
  {
    orgId: tenantOrgId(),
    provider: text({ enum: ["twilio", "vapi"] }).notNull(),
    outcome: text({ enum: CREDENTIAL_OUTCOMES }).notNull(),
    /** What the provider said, in words for the business owner; never a secret. */
    detail: text().notNull(),
    checkedAt: ts().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.provider] })],
);

export const INCIDENT_STATUSES = ["investigating", "identified", "monitoring", "resolved"] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/**
 * An incident: opened automatically when a component stays out of operational past its threshold
 * (`component` set, `origin` automatic), or by an admin. One open automatic incident per component
 * (the partial unique index): an episode cannot open a second one.
 */
export const incidents = pgTable(
  "incidents",
  {
    orgId: tenantOrgId(),
    id: uuid().notNull().defaultRandom(),
    origin: text({ enum: ["automatic", "manual"] }).notNull(),
    /** The component it is about; null for a manual incident about nothing measured. */
    component: text({ enum: COMPONENT_IDS }),
    title: text().notNull(),
    status: text({ enum: INCIDENT_STATUSES }).notNull().default("investigating"),
    /** The worst status the component reached during the incident. */
    impact: text({ enum: COMPONENT_STATUSES }).notNull(),
    postmortem: text(),
    openedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    startedAt: ts().notNull().defaultNow(),
    resolvedAt: ts(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex("incidents_one_open_per_component")
      .on(t.orgId, t.component)
      .where(sql`${t.resolvedAt} is null and ${t.origin} = 'automatic'`),
    index("incidents_org_started_idx").on(t.orgId, t.startedAt.desc(), t.id.desc()),
  ],
);

/** The timeline of an incident: each status it went through, with what was said. */
export const incidentUpdates = pgTable(
  "incident_updates",
  {
    orgId: tenantOrgId(),
    id: uuid().notNull().defaultRandom(),
    incidentId: uuid().notNull(),
    status: text({ enum: INCIDENT_STATUSES }).notNull(),
    body: text().notNull(),
    /** Null: written by Luneo itself. */
    authorId: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: ts().notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index("incident_updates_incident_idx").on(t.orgId, t.incidentId, t.createdAt),
    foreignKey({
      columns: [t.orgId, t.incidentId],
      foreignColumns: [incidents.orgId, incidents.id],
    }).onDelete("cascade"),
  ],
);

/** An org's health settings: the public status page and the alert webhook. */
export const healthSettings = pgTable(
  "health_settings",
  {
    orgId: tenantOrgId(),
    statusPageEnabled: boolean().notNull().default(false),
    alertWebhookUrl: text(),
    /** The Standard Webhooks signing secret (whsec_…), encrypted like channel secrets. */
    alertWebhookSecret: text(),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId] })],
);

/** One signed delivery of one incident update to the org's alert webhook. */
export const alertDeliveries = pgTable(
  "alert_deliveries",
  {
    orgId: tenantOrgId(),
    id: uuid().notNull().defaultRandom(),
    incidentId: uuid().notNull(),
    updateId: uuid().notNull(),
    status: text({ enum: ["pending", "delivered", "failed"] })
      .notNull()
      .default("pending"),
    attempts: integer().notNull().default(0),
    /** An HTTP status or a network error name; never the URL's secret parts or a body. */
    lastError: text(),
    createdAt: ts().notNull().defaultNow(),
    deliveredAt: ts(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex("alert_deliveries_org_update_key").on(t.orgId, t.updateId),
    foreignKey({
      columns: [t.orgId, t.incidentId],
      foreignColumns: [incidents.orgId, incidents.id],
    }).onDelete("cascade"),
  ],
);

export type Incident = typeof incidents.$inferSelect;
export type IncidentUpdate = typeof incidentUpdates.$inferSelect;
export type ComponentStatusPeriod = typeof componentStatusPeriods.$inferSelect;
export type CredentialCheck = typeof credentialChecks.$inferSelect;

/**
 * Minutes each component spent in each status, per UTC day: the status page's 90-day bars read
 * these (at most 90 rows per component) rather than adding up every period. Kept current by each
 * health evaluation (lib/health/uptime/rollup.ts), from the last day already rolled up to today,
 * so it is idempotent and fills any gap itself; the migration that made it backfilled it.
 */
export const componentUptimeDays = pgTable(
  "component_uptime_days",
  {
    orgId: tenantOrgId(),
    component: text({ enum: COMPONENT_IDS }).notNull(),
    /** The UTC day. */
    day: date({ mode: "string" }).notNull(),
    operationalMinutes: doublePrecision().notNull().default(0),
    degradedMinutes: doublePrecision().notNull().default(0),
    partialMinutes: doublePrecision().notNull().default(0),
    majorMinutes: doublePrecision().notNull().default(0),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.component, t.day] })],
);

/**
 * Webhook requests refused for a bad signature, counted per org, channel and minute. They are
 * refused before anything is stored (ADR 0005), so this counter is all health sees of them: no
 * body, header or address is kept.
 */
export const webhookSignatureRefusals = pgTable(
  "webhook_signature_refusals",
  {
    orgId: tenantOrgId(),
    provider: text({ enum: ["twilio", "vapi"] }).notNull(),
    minute: ts().notNull(),
    count: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.provider, t.minute] })],
);

/**
 * How Luneo answered VAPI's `assistant-request` per org and minute: counts, failures (an answer
 * that was not a 2xx) and answers slower than THRESHOLDS' `slowMs`, with the total and worst time.
 * Written from each process's counters every few seconds (lib/health/signals/answer-timings.ts),
 * never on the request itself.
 */
export const assistantRequestStats = pgTable(
  "assistant_request_stats",
  {
    orgId: tenantOrgId(),
    minute: ts().notNull(),
    answered: integer().notNull().default(0),
    failed: integer().notNull().default(0),
    slow: integer().notNull().default(0),
    totalMs: doublePrecision().notNull().default(0),
    maxMs: doublePrecision().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.minute] })],
);

/**
 * Platform-wide request figures per minute and surface ("api" for /api/v1, "webhooks", "app" for
 * the dashboard's own routes), for staff (/staff/health) and /api/metrics: counts, 5xx answers and
 * latencies in fixed buckets (REQUEST_LATENCY_BUCKETS_MS), so a p95 can be read across processes.
 * Written from each process's counters every few seconds (lib/health/request-stats.ts). No org, no
 * path, no person: not tenant data, reached through the system role only.
 */
export const platformRequestStats = pgTable(
  "platform_request_stats",
  {
    minute: ts().notNull(),
    surface: text({ enum: ["api", "webhooks", "app"] }).notNull(),
    requests: integer().notNull().default(0),
    serverErrors: integer().notNull().default(0),
    totalMs: doublePrecision().notNull().default(0),
    /** Requests per latency bucket, in the order of REQUEST_LATENCY_BUCKETS_MS. */
    buckets: integer().array().notNull(),
  },
  (t) => [primaryKey({ columns: [t.minute, t.surface] })],
);
