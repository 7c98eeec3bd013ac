import "server-only";
import { and, eq, isNull, max, min, sql } from "drizzle-orm";
import {
  COMPONENT_STATUSES,
  componentStatusPeriods,
  incidents,
  incidentUpdates,
  type ComponentId,
  type ComponentStatus,
} from "@/db/schema";
import { systemContext } from "@/lib/context";
import { withTenant, type TenantTx } from "@/lib/db/scopes";
import { announce } from "./alerts";
import { COMPONENT_NAMES, computeHealth, STATUS_NAMES, type ComponentHealth } from "./compute";
import { readSignals } from "./signals";
import { INCIDENT_TIMING } from "./thresholds";
import { rollupUptime } from "./uptime/rollup";

// One evaluation of one org (the health.evaluate job, every minute through health.sweep): read the
// windows, compute each component's status, record the stretch of time it is in, then open or
// resolve automatic incidents. Serialised per org by an advisory lock, and idempotent: running it
// twice in the same minute changes nothing the second time. The partial unique index on incidents
// is the last word on "one open incident per component".

const rank = (s: ComponentStatus) => COMPONENT_STATUSES.indexOf(s);
const minutesBetween = (from: Date, to: Date) => (to.getTime() - from.getTime()) / 60_000;

export type EvaluationOutcome = {
  health: ComponentHealth[];
  opened: ComponentId[];
  resolved: ComponentId[];
};

export async function evaluateOrgHealth(orgId: string): Promise<EvaluationOutcome> {
  const ctx = systemContext("health.evaluate", { id: orgId });
  return withTenant(ctx, async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('luneo.health:' || ${orgId}))`);
    const [{ now }] = (await tx.execute(sql`select now() as now`)) as unknown as [{ now: string }];
    const at = new Date(now);
    const health = computeHealth(await readSignals(tx));
    const periods = await recordPeriods(tx, health, at);
    // The status page's daily bars follow the periods just recorded (same transaction).
    await rollupUptime(tx);

    const open = await tx
      .select()
      .from(incidents)
      .where(
        and(
          eq(incidents.orgId, orgId),
          eq(incidents.origin, "automatic"),
          isNull(incidents.resolvedAt),
        ),
      );
    const opened: ComponentId[] = [];
    const resolved: ComponentId[] = [];
    for (const component of health) {
      const incident = open.find((i) => i.component === component.component);
      const timing = INCIDENT_TIMING[component.component];
      if (component.status !== "operational") {
        if (incident) {
          if (rank(component.status) > rank(incident.impact)) {
            await tx
              .update(incidents)
              .set({ impact: component.status })
              .where(and(eq(incidents.orgId, orgId), eq(incidents.id, incident.id)));
          }
          continue;
        }
        const since = await troubleSince(
          tx,
          component.component,
          periods.get(component.component)!,
        );
        if (minutesBetween(since, at) < timing.openAfterMinutes) continue;
        const title = `${COMPONENT_NAMES[component.component]}: ${STATUS_NAMES[component.status].toLowerCase()}`;
        const [row] = await tx
          .insert(incidents)
          .values({
            orgId,
            origin: "automatic",
            component: component.component,
            title,
            impact: component.status,
            startedAt: since,
          })
          .onConflictDoNothing()
          .returning();
        if (!row) continue;
        const [update] = await tx
          .insert(incidentUpdates)
          .values({ orgId, incidentId: row.id, status: "investigating", body: component.reason })
          .returning();
        await announce(tx, ctx, row, update!);
        opened.push(component.component);
      } else if (incident) {
        const period = periods.get(component.component)!;
        if (minutesBetween(period.startedAt, at) < timing.resolveAfterMinutes) continue;
        const [row] = await tx
          .update(incidents)
          .set({ status: "resolved", resolvedAt: at })
          .where(
            and(
              eq(incidents.orgId, orgId),
              eq(incidents.id, incident.id),
              isNull(incidents.resolvedAt),
            ),
          )
          .returning();
        if (!row) continue;
        const [update] = await tx
          .insert(incidentUpdates)
          .values({
            orgId,
            incidentId: row.id,
            status: "resolved",
            body: `${COMPONENT_NAMES[component.component]} has been operational since ${period.startedAt.toISOString().slice(11, 16)} UTC. ${component.reason}`,
          })
          .returning();
        await announce(tx, ctx, row, update!);
        resolved.push(component.component);
      }
    }
    return { health, opened, resolved };
  });
}

type Period = { status: ComponentStatus; startedAt: Date };

/** Closes the stretch of a component whose status changed and starts the next; keeps the reason current. */
async function recordPeriods(
  tx: TenantTx,
  health: ComponentHealth[],
  at: Date,
): Promise<Map<ComponentId, Period>> {
  const current = await tx
    .select()
    .from(componentStatusPeriods)
    .where(and(eq(componentStatusPeriods.orgId, tx.orgId), isNull(componentStatusPeriods.endedAt)));
  const periods = new Map<ComponentId, Period>();
  for (const c of health) {
    const row = current.find((p) => p.component === c.component);
    if (row && row.status === c.status) {
      if (row.reason !== c.reason) {
        await tx
          .update(componentStatusPeriods)
          .set({ reason: c.reason })
          .where(
            and(eq(componentStatusPeriods.orgId, tx.orgId), eq(componentStatusPeriods.id, row.id)),
          );
      }
      periods.set(c.component, { status: row.status, startedAt: row.startedAt });
      continue;
    }
    if (row) {
      await tx
        .update(componentStatusPeriods)
        .set({ endedAt: at })
        .where(
          and(eq(componentStatusPeriods.orgId, tx.orgId), eq(componentStatusPeriods.id, row.id)),
        );
    }
    await tx.insert(componentStatusPeriods).values({
      orgId: tx.orgId,
      component: c.component,
      status: c.status,
      reason: c.reason,
      startedAt: at,
    });
    periods.set(c.component, { status: c.status, startedAt: at });
  }
  return periods;
}

/**
 * When the component's current trouble began: the end of its last operational stretch (a move
 * from degraded to partial outage is the same episode), but never before its last incident was
 * resolved (an admin who resolves by hand starts the clock again).
 */
async function troubleSince(tx: TenantTx, component: ComponentId, current: Period): Promise<Date> {
  const [periods] = await tx
    .select({
      lastGood:
        sql<Date | null>`max(${componentStatusPeriods.endedAt}) filter (where ${componentStatusPeriods.status} = 'operational')`.mapWith(
          componentStatusPeriods.endedAt,
        ),
      first: min(componentStatusPeriods.startedAt),
    })
    .from(componentStatusPeriods)
    .where(
      and(
        eq(componentStatusPeriods.orgId, tx.orgId),
        eq(componentStatusPeriods.component, component),
      ),
    );
  const [lastIncident] = await tx
    .select({ at: max(incidents.resolvedAt) })
    .from(incidents)
    .where(and(eq(incidents.orgId, tx.orgId), eq(incidents.component, component)));
  let since = periods?.lastGood ?? periods?.first ?? current.startedAt;
  if (lastIncident?.at && lastIncident.at > since) since = lastIncident.at;
  return since;
}
