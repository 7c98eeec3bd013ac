import { boolean, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { tenantOrgId } from "./columns";

// Progressive rollout (lib/flags, docs/adr/0012) and product analytics (lib/analytics).

// The last flag definitions PostHog sent (its local-evaluation payload, as posthog-node hands it to
// its cache provider), so a process that starts while PostHog is unreachable evaluates flags as
// they were last known instead of falling back to the registry's defaults. One row per source
// ("posthog"). Belongs to no org: only the system role reads or writes it.
export const featureFlagDefinitions = pgTable("feature_flag_definitions", {
  source: text().primaryKey(),
  definitions: jsonb().$type<Record<string, unknown>>().notNull(),
  fetchedAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
});

// A flag's value for one org, set by Luneo staff on /staff/flags: it wins over PostHog and the
// registry's default. Tenant data (the org sees it in its audit log); written by staff through the
// system role, read per request inside the org's own tenant transaction.
export const featureFlagOverrides = pgTable(
  "feature_flag_overrides",
  {
    orgId: tenantOrgId(),
    flagKey: text().notNull(),
    enabled: boolean().notNull(),
    /** The staff user who set it (platform_audit_log has the full story). */
    setBy: uuid(),
    setAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.flagKey] })],
);

// An org that asked not to be counted in Luneo's product analytics (Settings → Privacy): while a
// row exists nothing about the org is sent to PostHog.
export const analyticsOptOuts = pgTable("analytics_opt_outs", {
  orgId: tenantOrgId().primaryKey(),
  optedOutBy: uuid(),
  optedOutAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

// Funnel steps that happen once per org (its first real event, …): the row is the proof the event
// was sent, so a redelivered webhook or a retried job never counts the org twice.
export const analyticsMilestones = pgTable(
  "analytics_milestones",
  {
    orgId: tenantOrgId(),
    milestone: text().notNull(),
    reachedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.milestone] })],
);
