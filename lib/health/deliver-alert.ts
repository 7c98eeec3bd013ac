import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { alertDeliveries, healthSettings, incidents, incidentUpdates } from "@/db/schema";
import { systemContext } from "@/lib/context";
import { withTenant } from "@/lib/db/scopes";
import { appLink } from "@/lib/mail/links";
import { OutboundRefusedError, postOutbound } from "@/lib/http/outbound";
import { signWebhook } from "@/lib/standard-webhooks/sign";
import { openSigningSecret } from "./signing";

const TIMEOUT_MS = 10_000;

export type DeliveryOutcome = {
  status: "delivered" | "failed" | "retry" | "skipped";
  retry: boolean;
  error?: string;
};

/**
 * Sends one delivery. Converges: a delivered one is not sent again. A refused address fails at
 * once (retrying would not change the answer); any other failure is retried by the queue until
 * the last attempt, which marks it failed.
 */
export async function deliverAlert(
  orgId: string,
  deliveryId: string,
  finalAttempt: boolean,
): Promise<DeliveryOutcome> {
  const ctx = systemContext("health.alert-webhook", { id: orgId });
  const loaded = await withTenant(ctx, async (tx) => {
    const [row] = await tx
      .select({
        delivery: alertDeliveries,
        incident: incidents,
        update: incidentUpdates,
        url: healthSettings.alertWebhookUrl,
        secret: healthSettings.alertWebhookSecret,
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
      .leftJoin(healthSettings, eq(healthSettings.orgId, alertDeliveries.orgId))
      .where(and(eq(alertDeliveries.orgId, orgId), eq(alertDeliveries.id, deliveryId)));
    if (!row) return null;
    const [first] = await tx
      .select({ id: incidentUpdates.id })
      .from(incidentUpdates)
      .where(and(eq(incidentUpdates.orgId, orgId), eq(incidentUpdates.incidentId, row.incident.id)))
      .orderBy(incidentUpdates.createdAt, incidentUpdates.id)
      .limit(1);
    return { ...row, opening: first?.id === row.update.id };
  });
  if (!loaded || loaded.delivery.status !== "pending") return { status: "skipped", retry: false };

  const finish = async (status: "delivered" | "failed" | "pending", error: string | null) =>
    withTenant(ctx, (tx) =>
      tx
        .update(alertDeliveries)
        .set({
          status,
          lastError: error,
          attempts: sql`${alertDeliveries.attempts} + 1`,
          deliveredAt: status === "delivered" ? new Date() : null,
        })
        .where(and(eq(alertDeliveries.orgId, orgId), eq(alertDeliveries.id, deliveryId))),
    );

  if (!loaded.url || !loaded.secret) {
    await finish("failed", "no alert webhook is set any more");
    return { status: "failed", retry: false };
  }
  const { incident, update } = loaded;
  const type =
    update.status === "resolved"
      ? "incident.resolved"
      : loaded.opening
        ? "incident.opened"
        : "incident.updated";
  const timestamp = Math.floor(Date.now() / 1000);
  // Words and ids only: an incident holds no contact data.
  const body = JSON.stringify({
    type,
    timestamp: new Date(timestamp * 1000).toISOString(),
    data: {
      incident: {
        id: incident.id,
        title: incident.title,
        component: incident.component,
        status: incident.status,
        impact: incident.impact,
        startedAt: incident.startedAt.toISOString(),
        resolvedAt: incident.resolvedAt?.toISOString() ?? null,
        url: appLink(`/health/incidents/${incident.id}`),
      },
      update: {
        id: update.id,
        status: update.status,
        body: update.body,
        createdAt: update.createdAt.toISOString(),
      },
    },
  });
  const secret = openSigningSecret(loaded.secret, orgId);
  try {
    // The one outbound rule (lib/http/outbound.ts): public addresses only, checked as it connects.
    const response = await postOutbound(
      loaded.url,
      {
        "content-type": "application/json",
        ...signWebhook(secret, deliveryId, new Date(timestamp * 1000), body),
        "user-agent": "Luneo-Alerts/1",
      },
      body,
      { timeoutMs: TIMEOUT_MS },
    );
    if (response.status >= 200 && response.status < 300) {
      await finish("delivered", null);
      return { status: "delivered", retry: false };
    }
    const error = `HTTP ${response.status}`;
    await finish(finalAttempt ? "failed" : "pending", error);
    return { status: finalAttempt ? "failed" : "retry", retry: !finalAttempt, error };
  } catch (err) {
    if (err instanceof OutboundRefusedError) {
      await finish("failed", `refused: ${err.message}`);
      return { status: "failed", retry: false, error: err.message };
    }
    const e = err as { code?: string; message?: string };
    const timedOut = /no answer within|aborted|timeout/i.test(`${e.message ?? ""} ${e.code ?? ""}`);
    const error = timedOut ? "timeout" : (e.code ?? "network error");
    await finish(finalAttempt ? "failed" : "pending", error);
    return { status: finalAttempt ? "failed" : "retry", retry: !finalAttempt, error };
  }
}

/** Closes a pending delivery that will not be sent (its job was skipped): failed, with why. */
export async function failAlertDelivery(orgId: string, deliveryId: string, why: string) {
  await withTenant(systemContext("health.alert-webhook", { id: orgId }), (tx) =>
    tx
      .update(alertDeliveries)
      .set({ status: "failed", lastError: why })
      .where(
        and(
          eq(alertDeliveries.orgId, orgId),
          eq(alertDeliveries.id, deliveryId),
          eq(alertDeliveries.status, "pending"),
        ),
      ),
  );
}
