import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import {
  alertDeliveries,
  healthSettings,
  memberships,
  orgs,
  users,
  type Incident,
  type IncidentUpdate,
} from "@/db/schema";
import type { ActingContext } from "@/lib/context";
import type { TenantTx } from "@/lib/db/scopes";
import { enqueue } from "@/lib/jobs/enqueue";
import { appLink } from "@/lib/mail/links";
import { oneLine } from "@/lib/mail/message";
import { queueOrgMail } from "@/lib/mail/outbox";
import { alertWebhookJob } from "./alert-webhook-job";
import { COMPONENT_NAMES, STATUS_NAMES } from "./compute";
import { INCIDENT_STATUS_NAMES } from "./words";

// One alert per incident state change (opened, each change of status, resolved), written in the
// transaction of the change: an email to each owner and admin through the outbox, and a signed
// delivery to the org's alert webhook when it set one. An update that keeps the status (more
// words on the same state) is on the incident page, not in anyone's inbox.

export async function announce(
  tx: TenantTx,
  ctx: ActingContext,
  incident: Pick<Incident, "id" | "title" | "component" | "impact">,
  update: Pick<IncidentUpdate, "id" | "status" | "body">,
): Promise<void> {
  const [org] = await tx.select({ name: orgs.name }).from(orgs).where(eq(orgs.id, tx.orgId));
  const recipients = await tx
    .select({ email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, tx.orgId), inArray(memberships.role, ["owner", "admin"])));
  const link = appLink(`/health/incidents/${incident.id}`);
  const what =
    update.status === "resolved"
      ? "Resolved"
      : update.status === "investigating"
        ? "Incident"
        : INCIDENT_STATUS_NAMES[update.status];
  const subject = `${what}: ${oneLine(incident.title, 120)} (${oneLine(org?.name ?? "", 60)})`;
  const body =
    `${incident.title}\n\n` +
    (incident.component ? `Component: ${COMPONENT_NAMES[incident.component]}\n` : "") +
    `Impact: ${STATUS_NAMES[incident.impact]}\n` +
    `Status: ${INCIDENT_STATUS_NAMES[update.status]}\n\n` +
    `${update.body}\n\nThe incident and its timeline:\n${link}\n\n— Luneo`;
  for (const { email } of recipients) {
    await queueOrgMail(tx, ctx, { kind: "incident_alert", to: email, subject, body });
  }

  const [settings] = await tx
    .select({ url: healthSettings.alertWebhookUrl })
    .from(healthSettings)
    .where(eq(healthSettings.orgId, tx.orgId));
  if (!settings?.url) return;
  const [delivery] = await tx
    .insert(alertDeliveries)
    .values({ orgId: tx.orgId, incidentId: incident.id, updateId: update.id })
    .onConflictDoNothing()
    .returning({ id: alertDeliveries.id });
  if (delivery) {
    await enqueue(tx, alertWebhookJob, { orgId: tx.orgId, deliveryId: delivery.id });
  }
}
