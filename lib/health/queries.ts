import "server-only";
import { and, desc, eq, isNull } from "drizzle-orm";
import {
  alertDeliveries,
  credentialChecks,
  healthSettings,
  incidents,
  incidentUpdates,
} from "@/db/schema";
import { requirePermission } from "@/lib/auth/permissions";
import type { TenantContext } from "@/lib/context";
import { withTenant } from "@/lib/db/scopes";
import { currentComponents } from "./components/current";
import { openFirst, timezoneOf, updatesOf } from "./incidents/queries";
import { openSigningSecret } from "./signing";
import { uptimeOf } from "./uptime/queries";

// Read verbs of the health page (components, checks, open incidents, uptime, settings) and of
// GET /api/v1/health. Incidents, the status page and uptime have their own folders
// (incidents/, status-page/, uptime/). No contact data is ever read here.

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
