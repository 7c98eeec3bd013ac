import "server-only";
import { and, eq } from "drizzle-orm";
import { healthSettings, incidents, incidentUpdates } from "@/db/schema";
import { requirePermission } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import type { TenantContext } from "@/lib/context";
import { withTenant } from "@/lib/db/scopes";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { announce } from "./alerts";
import { checkPublicHost, OutboundRefusedError } from "@/lib/http/outbound";
import type {
  HealthSettingsInput,
  IncidentUpdateInput,
  OpenIncidentInput,
  PostmortemInput,
} from "./schemas";
import { newWebhookSecret } from "@/lib/standard-webhooks/sign";
import { sealSigningSecret } from "./signing";

// The health module's write verbs: admins open incidents by hand, post updates and postmortems,
// and choose the status page and the alert webhook. Each checks health.write and is audited.

const authorOf = (ctx: TenantContext) => (ctx.actor.type === "user" ? ctx.actor.userId : null);

export async function openIncident(ctx: TenantContext, input: OpenIncidentInput) {
  requirePermission(ctx, "health.write");
  return withTenant(ctx, async (tx) => {
    const [incident] = await tx
      .insert(incidents)
      .values({
        orgId: tx.orgId,
        origin: "manual",
        component: input.component,
        title: input.title,
        impact: input.impact,
        openedBy: authorOf(ctx),
      })
      .returning();
    const [update] = await tx
      .insert(incidentUpdates)
      .values({
        orgId: tx.orgId,
        incidentId: incident!.id,
        status: "investigating",
        body: input.body,
        authorId: authorOf(ctx),
      })
      .returning();
    await recordAudit(tx, ctx, {
      action: "health.incident_opened",
      targetType: "incident",
      targetId: incident!.id,
      metadata: { component: input.component, impact: input.impact },
    });
    await announce(tx, ctx, incident!, update!);
    return { id: incident!.id };
  });
}

/** An update on the timeline; a change of status alerts, the status `resolved` resolves. */
export async function postIncidentUpdate(ctx: TenantContext, input: IncidentUpdateInput) {
  requirePermission(ctx, "health.write");
  return withTenant(ctx, async (tx) => {
    const [incident] = await tx
      .select()
      .from(incidents)
      .where(and(eq(incidents.orgId, tx.orgId), eq(incidents.id, input.incidentId)))
      .for("update");
    if (!incident) throw new NotFoundError("This incident");
    if (incident.resolvedAt) {
      throw new ConflictError("This incident is resolved; write a postmortem instead.");
    }
    const [update] = await tx
      .insert(incidentUpdates)
      .values({
        orgId: tx.orgId,
        incidentId: incident.id,
        status: input.status,
        body: input.body,
        authorId: authorOf(ctx),
      })
      .returning();
    const resolving = input.status === "resolved";
    await tx
      .update(incidents)
      .set({ status: input.status, resolvedAt: resolving ? update!.createdAt : null })
      .where(and(eq(incidents.orgId, tx.orgId), eq(incidents.id, incident.id)));
    await recordAudit(tx, ctx, {
      action: "health.incident_updated",
      targetType: "incident",
      targetId: incident.id,
      metadata: { from: incident.status, to: input.status },
    });
    if (input.status !== incident.status) await announce(tx, ctx, incident, update!);
    return { id: update!.id };
  });
}

export async function writePostmortem(ctx: TenantContext, input: PostmortemInput) {
  requirePermission(ctx, "health.write");
  return withTenant(ctx, async (tx) => {
    const [row] = await tx
      .update(incidents)
      .set({ postmortem: input.postmortem })
      .where(and(eq(incidents.orgId, tx.orgId), eq(incidents.id, input.incidentId)))
      .returning({ id: incidents.id, resolvedAt: incidents.resolvedAt });
    if (!row) throw new NotFoundError("This incident");
    await recordAudit(tx, ctx, {
      action: "health.postmortem_written",
      targetType: "incident",
      targetId: row.id,
      metadata: { length: input.postmortem.length },
    });
    return { id: row.id };
  });
}

/**
 * The status page switch and the alert webhook. A new URL is checked where it points (after DNS)
 * before it is saved; the signing secret is made once and kept when the URL changes.
 */
export async function saveHealthSettings(ctx: TenantContext, input: HealthSettingsInput) {
  requirePermission(ctx, "health.write");
  if (input.alertWebhookUrl) {
    try {
      await checkPublicHost(new URL(input.alertWebhookUrl).hostname);
    } catch (error) {
      throw new ValidationError({
        alertWebhookUrl: [
          error instanceof OutboundRefusedError
            ? "This address points to a private, loopback or link-local network; Luneo only sends alerts to public addresses."
            : "This host name does not resolve; check the address.",
        ],
      });
    }
  }
  return withTenant(ctx, async (tx) => {
    const [existing] = await tx
      .select()
      .from(healthSettings)
      .where(eq(healthSettings.orgId, tx.orgId));
    const secret =
      existing?.alertWebhookSecret ??
      (input.alertWebhookUrl ? sealSigningSecret(newWebhookSecret(), tx.orgId) : null);
    const values = {
      statusPageEnabled: input.statusPageEnabled,
      alertWebhookUrl: input.alertWebhookUrl,
      alertWebhookSecret: secret,
      updatedAt: new Date(),
    };
    await tx
      .insert(healthSettings)
      .values({ orgId: tx.orgId, ...values })
      .onConflictDoUpdate({ target: healthSettings.orgId, set: values });
    await recordAudit(tx, ctx, {
      action: "health.settings_changed",
      targetType: "org",
      targetId: tx.orgId,
      metadata: {
        statusPageEnabled: input.statusPageEnabled,
        alertWebhook: Boolean(input.alertWebhookUrl),
        alertWebhookChanged: (existing?.alertWebhookUrl ?? null) !== input.alertWebhookUrl,
      },
    });
  });
}
