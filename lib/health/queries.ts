import "server-only";
import { and, desc, eq, gt, inArray, isNotNull, isNull, or, sql } from "drizzle-orm";
import {
  alertDeliveries,
  channelConnections,
  COMPONENT_IDS,
  componentStatusPeriods,
  credentialChecks,
  healthSettings,
  incidents,
  incidentUpdates,
  orgs,
  users,
  type ComponentId,
  type ComponentStatus,
  type Incident,
} from "@/db/schema";
import { requirePermission } from "@/lib/auth/permissions";
import { systemContext, type TenantContext } from "@/lib/context";
import { withSystem, withTenant, type TenantTx } from "@/lib/db/scopes";
import { isFeatureEnabled } from "@/lib/flags/evaluate";
import { FLAGS } from "@/lib/flags/registry";
import { decodeCursor, keysetPage, olderThan } from "@/lib/pagination";
import { COMPONENT_CHANNEL, computeHealth, type ComponentHealth } from "./compute";
import { readSignals } from "./signals";
import { openSigningSecret } from "./signing";
import { DOWNTIME_WEIGHT, UPTIME_DAYS } from "./thresholds";

// Read verbs of the health module: the dashboard's health page, the incidents, the header's
// banner, the public status page and the API. No contact data is ever read here.

export type ComponentView = ComponentHealth & { since: Date | null };

export type UptimeDay = {
  /** The UTC day, YYYY-MM-DD. */
  day: string;
  /** Null: nothing was measured that day (before monitoring began). */
  uptime: number | null;
  worst: ComponentStatus | null;
};
export type Uptime = { component: ComponentId; days: UptimeDay[]; uptime: number | null };

/**
 * Every component now, as the last evaluation recorded it (health.evaluate, every minute): status,
 * reason and since when, with whether its channel is connected. An org never evaluated yet (no
 * recorded period for some component) is computed from the live windows instead: the reads below
 * stay a few index lookups however busy the org's inbox is (bench/health.ts).
 */
async function currentComponents(tx: TenantTx): Promise<ComponentView[]> {
  const current = await tx
    .select()
    .from(componentStatusPeriods)
    .where(and(eq(componentStatusPeriods.orgId, tx.orgId), isNull(componentStatusPeriods.endedAt)));
  if (current.length < COMPONENT_IDS.length) {
    const health = computeHealth(await readSignals(tx));
    return health.map((c) => {
      const period = current.find((p) => p.component === c.component);
      return { ...c, since: period && period.status === c.status ? period.startedAt : null };
    });
  }
  const connected = (
    await tx
      .select({ provider: channelConnections.provider })
      .from(channelConnections)
      .where(eq(channelConnections.orgId, tx.orgId))
  ).map((c) => c.provider);
  return COMPONENT_IDS.map((component) => {
    const period = current.find((p) => p.component === component)!;
    const needs = COMPONENT_CHANNEL[component];
    const applicable =
      needs === null || (needs === "any" ? connected.length > 0 : connected.includes(needs));
    return {
      component,
      status: applicable ? period.status : "operational",
      reason: period.reason,
      applicable,
      since: period.startedAt,
    };
  });
}

/**
 * Minutes in each status per UTC day over the last `days` days, as uptime: a partial outage
 * counts 30 % down, a major outage fully down, degraded performance up (DOWNTIME_WEIGHT).
 */
export async function uptimeOf(tx: TenantTx, days = UPTIME_DAYS): Promise<Uptime[]> {
  // Each period joined to the days it spans only (not every period to every day).
  const rows = (await tx.execute(sql`
    with bounds as (
      select date_trunc('day', now() at time zone 'UTC') - make_interval(days => ${days - 1}) as first_day)
    select p.component, to_char(d.day, 'YYYY-MM-DD') as day, p.status,
           sum(extract(epoch from least(coalesce(p.ended_at, now()), (d.day + interval '1 day') at time zone 'UTC')
                                - greatest(p.started_at, d.day at time zone 'UTC')))::float8 / 60 as minutes
      from bounds b, component_status_periods p,
           lateral generate_series(date_trunc('day', greatest(p.started_at at time zone 'UTC', b.first_day)),
                                   date_trunc('day', coalesce(p.ended_at, now()) at time zone 'UTC'),
                                   interval '1 day') d(day)
     where p.org_id = ${tx.orgId} and coalesce(p.ended_at, now()) > b.first_day at time zone 'UTC'
     group by 1, 2, 3`)) as unknown as {
    component: ComponentId;
    day: string;
    status: ComponentStatus;
    minutes: number;
  }[];
  const today = new Date();
  const dayList = Array.from({ length: days }, (_, i) => {
    const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()));
    d.setUTCDate(d.getUTCDate() - (days - 1 - i));
    return d.toISOString().slice(0, 10);
  });
  const byDay = new Map<string, typeof rows>();
  for (const r of rows) {
    const key = `${r.component}|${r.day}`;
    byDay.set(key, [...(byDay.get(key) ?? []), r]);
  }
  const rankOf = (s: ComponentStatus) => Object.keys(DOWNTIME_WEIGHT).indexOf(s);
  return COMPONENT_IDS.map((component) => {
    let observed = 0;
    let down = 0;
    const list = dayList.map((day) => {
      const here = (byDay.get(`${component}|${day}`) ?? []).filter((r) => r.minutes > 0);
      const minutes = here.reduce((sum, r) => sum + r.minutes, 0);
      if (minutes === 0) return { day, uptime: null, worst: null };
      const weighted = here.reduce((sum, r) => sum + r.minutes * DOWNTIME_WEIGHT[r.status], 0);
      observed += minutes;
      down += weighted;
      const worst = here.reduce<ComponentStatus>(
        (w, r) => (rankOf(r.status) > rankOf(w) ? r.status : w),
        "operational",
      );
      return { day, uptime: 1 - weighted / minutes, worst };
    });
    return { component, days: list, uptime: observed === 0 ? null : 1 - down / observed };
  });
}

/** The org's time zone: pages show moments as the business reads them. */
async function timezoneOf(tx: TenantTx): Promise<string> {
  const [row] = await tx
    .select({ timezone: orgs.timezone })
    .from(orgs)
    .where(eq(orgs.id, tx.orgId));
  return row?.timezone ?? "UTC";
}

const openFirst = [
  desc(isNull(incidents.resolvedAt)),
  desc(incidents.startedAt),
  desc(incidents.id),
];

/** The health page: components now, credential checks, open incidents, uptime and settings. */
export async function getHealthOverview(ctx: TenantContext) {
  requirePermission(ctx, "health.read");
  return withTenant(ctx, async (tx) => {
    const components = await currentComponents(tx);
    const checks = await tx
      .select()
      .from(credentialChecks)
      .where(eq(credentialChecks.orgId, tx.orgId));
    const open = await tx
      .select()
      .from(incidents)
      .where(and(eq(incidents.orgId, tx.orgId), isNull(incidents.resolvedAt)))
      .orderBy(desc(incidents.startedAt));
    const uptime = await uptimeOf(tx);
    const [settings] = await tx
      .select()
      .from(healthSettings)
      .where(eq(healthSettings.orgId, tx.orgId));
    return {
      components,
      checks,
      open,
      uptime,
      settings: settings ?? null,
      timezone: await timezoneOf(tx),
    };
  });
}

/** The settings form: the alert webhook's signing secret is shown to those who may change it. */
export async function getHealthSettings(ctx: TenantContext) {
  requirePermission(ctx, "health.write");
  const [row] = await withTenant(ctx, (tx) =>
    tx.select().from(healthSettings).where(eq(healthSettings.orgId, tx.orgId)),
  );
  return {
    statusPageEnabled: row?.statusPageEnabled ?? false,
    alertWebhookUrl: row?.alertWebhookUrl ?? null,
    signingSecret: row?.alertWebhookSecret
      ? openSigningSecret(row.alertWebhookSecret, ctx.org.id)
      : null,
  };
}

/** The alert webhook's last deliveries, for the settings card (statuses and errors, no bodies). */
export async function recentAlertDeliveries(ctx: TenantContext, limit = 5) {
  requirePermission(ctx, "health.write");
  return withTenant(ctx, (tx) =>
    tx
      .select({
        id: alertDeliveries.id,
        status: alertDeliveries.status,
        attempts: alertDeliveries.attempts,
        lastError: alertDeliveries.lastError,
        createdAt: alertDeliveries.createdAt,
        title: incidents.title,
        update: incidentUpdates.status,
      })
      .from(alertDeliveries)
      .innerJoin(
        incidents,
        and(
          eq(incidents.orgId, alertDeliveries.orgId),
          eq(incidents.id, alertDeliveries.incidentId),
        ),
      )
      .innerJoin(
        incidentUpdates,
        and(
          eq(incidentUpdates.orgId, alertDeliveries.orgId),
          eq(incidentUpdates.id, alertDeliveries.updateId),
        ),
      )
      .where(eq(alertDeliveries.orgId, tx.orgId))
      .orderBy(desc(alertDeliveries.createdAt))
      .limit(limit),
  );
}

/** The header's banner: the open incidents' titles (every dashboard page asks; one small query). */
export async function openIncidentsForBanner(ctx: TenantContext) {
  if (!ctx.actor.permissions.includes("health.read")) return [];
  return withTenant(ctx, (tx) =>
    tx
      .select({ id: incidents.id, title: incidents.title, impact: incidents.impact })
      .from(incidents)
      .where(and(eq(incidents.orgId, tx.orgId), isNull(incidents.resolvedAt)))
      .orderBy(desc(incidents.startedAt))
      .limit(3),
  );
}

const PAGE = 25;

/** Incidents, open first then newest; `status` filters; keyset pages on (started_at, id). */
export async function listIncidents(
  ctx: TenantContext,
  { status, cursor }: { status?: "open" | "resolved"; cursor?: string } = {},
) {
  requirePermission(ctx, "health.read");
  const after = decodeCursor(cursor);
  let timezone = "UTC";
  const rows = await withTenant(ctx, async (tx) => {
    timezone = await timezoneOf(tx);
    return tx
      .select()
      .from(incidents)
      .where(
        and(
          eq(incidents.orgId, tx.orgId),
          status === "open" ? isNull(incidents.resolvedAt) : undefined,
          status === "resolved" ? isNotNull(incidents.resolvedAt) : undefined,
          olderThan(incidents.startedAt, incidents.id, after),
        ),
      )
      .orderBy(desc(incidents.startedAt), desc(incidents.id))
      .limit(PAGE + 1);
  });
  const { page, nextCursor } = keysetPage(rows, PAGE, (r) => ({ at: r.startedAt, id: r.id }));
  return { incidents: page, nextCursor, timezone };
}

export type IncidentDetail = Incident & {
  timezone: string;
  updates: {
    id: string;
    status: Incident["status"];
    body: string;
    createdAt: Date;
    author: string | null;
  }[];
};

async function updatesOf(tx: TenantTx, ids: string[], withAuthors: boolean) {
  if (ids.length === 0) return [];
  return tx
    .select({
      incidentId: incidentUpdates.incidentId,
      id: incidentUpdates.id,
      status: incidentUpdates.status,
      body: incidentUpdates.body,
      createdAt: incidentUpdates.createdAt,
      author: withAuthors ? users.name : sql<string | null>`null`,
    })
    .from(incidentUpdates)
    .leftJoin(users, eq(users.id, incidentUpdates.authorId))
    .where(and(eq(incidentUpdates.orgId, tx.orgId), inArray(incidentUpdates.incidentId, ids)))
    .orderBy(desc(incidentUpdates.createdAt), desc(incidentUpdates.id));
}

export async function getIncident(ctx: TenantContext, id: string): Promise<IncidentDetail | null> {
  requirePermission(ctx, "health.read");
  return withTenant(ctx, async (tx) => {
    const [incident] = await tx
      .select()
      .from(incidents)
      .where(and(eq(incidents.orgId, tx.orgId), eq(incidents.id, id)));
    if (!incident) return null;
    const updates = await updatesOf(tx, [id], true);
    return { ...incident, updates, timezone: await timezoneOf(tx) };
  });
}

/** The API's health: each component with status, since and why; open incidents and their updates. */
export async function getHealthForApi(ctx: TenantContext) {
  requirePermission(ctx, "health.read");
  return withTenant(ctx, async (tx) => {
    const components = await currentComponents(tx);
    const open = await tx
      .select()
      .from(incidents)
      .where(and(eq(incidents.orgId, tx.orgId), isNull(incidents.resolvedAt)))
      .orderBy(...openFirst);
    const updates = await updatesOf(
      tx,
      open.map((i) => i.id),
      false,
    );
    return {
      components,
      incidents: open.map((i) => ({ ...i, updates: updates.filter((u) => u.incidentId === i.id) })),
    };
  });
}

/**
 * The public status page of `slug`, or null when there is none (no such org, its page is off, or
 * its status-page flag is off).
 * The org is found across tenants by its slug (the one system read); the rest is read in its own
 * tenant scope. Only components, incident titles, updates and uptime: no contact, no person.
 */
export async function getPublicStatus(slug: string) {
  const org = await withSystem("status page: org by slug", async (tx) => {
    const [row] = await tx
      .select({ id: orgs.id, name: orgs.name })
      .from(orgs)
      .innerJoin(healthSettings, eq(healthSettings.orgId, orgs.id))
      .where(and(eq(orgs.slug, slug), eq(healthSettings.statusPageEnabled, true)));
    return row ?? null;
  });
  // The page does not exist while the status-page flag is off for the org (a 404, as for an
  // unknown slug); with the page cache above, a flag turned off takes effect within 30 s.
  if (!org || !(await isFeatureEnabled(org.id, FLAGS.statusPage.key))) return null;
  return withTenant(systemContext("status page", { id: org.id }), async (tx) => {
    const components = (await currentComponents(tx))
      .filter((c) => c.applicable)
      .map((c) => ({ component: c.component, status: c.status, since: c.since }));
    const shown = await tx
      .select()
      .from(incidents)
      .where(
        and(
          eq(incidents.orgId, tx.orgId),
          or(
            isNull(incidents.resolvedAt),
            gt(incidents.resolvedAt, sql`now() - interval '7 days'`),
          ),
        ),
      )
      .orderBy(...openFirst)
      .limit(10);
    const updates = await updatesOf(
      tx,
      shown.map((i) => i.id),
      false,
    );
    const uptime = await uptimeOf(tx);
    return {
      name: org.name,
      components,
      incidents: shown.map((i) => ({
        id: i.id,
        title: i.title,
        component: i.component,
        status: i.status,
        impact: i.impact,
        startedAt: i.startedAt,
        resolvedAt: i.resolvedAt,
        updates: updates
          .filter((u) => u.incidentId === i.id)
          .map((u) => ({ id: u.id, status: u.status, body: u.body, createdAt: u.createdAt })),
      })),
      uptime: uptime.filter((u) => components.some((c) => c.component === u.component)),
    };
  });
}
