import "server-only";
import type { CountryCode } from "libphonenumber-js";
import { and, eq, sql } from "drizzle-orm";
import { orgs, webhookEvents } from "@/db/schema";
import { trackAfterResponse } from "@/lib/analytics/track";
import { systemContext } from "@/lib/context";
import { withTenant } from "@/lib/db/scopes";
import type { IngestJob } from "./normalize-job";
import { applyCallCharge, applySmsCharge } from "./apply-charge";
import { applyCallFacts } from "./apply-call";
import { applyIncomingSms } from "./apply-sms";
import { parseStoredEvent } from "./reparse";

const jobContext = (orgId: string) => systemContext("ingest.normalize", { id: orgId });

export type ProcessOutcome = "processed" | "rejected" | "already-processed" | "missing";

/**
 * ingest.normalize: turns one stored webhook event into contacts, conversations, messages,
 * timeline entries and domain events. Idempotent: a processed event is skipped, and every write is
 * keyed, so a retry after a crash mid-way converges on the same rows.
 */
export async function processWebhookEvent(job: IngestJob): Promise<ProcessOutcome> {
  return withTenant(jobContext(job.orgId), async (tx) => {
    // The org's country comes with the event (one round trip): it reads the numbers' format.
    const [row] = await tx
      .select({ event: webhookEvents, country: orgs.country })
      .from(webhookEvents)
      .innerJoin(orgs, eq(orgs.id, webhookEvents.orgId))
      .where(and(eq(webhookEvents.orgId, job.orgId), eq(webhookEvents.id, job.eventId)))
      .for("update", { of: webhookEvents });
    if (!row) return "missing";
    const { event } = row;
    if (event.status === "processed") return "already-processed";

    const parsed = parseStoredEvent(event);
    if (!parsed.ok) {
      await tx
        .update(webhookEvents)
        .set({
          status: "rejected",
          rejectReason: parsed.reason,
          attempts: sql`${webhookEvents.attempts} + 1`,
        })
        .where(and(eq(webhookEvents.orgId, job.orgId), eq(webhookEvents.id, job.eventId)));
      return "rejected";
    }
    const scope = {
      tx,
      country: row.country as CountryCode,
      receivedAt: event.receivedAt,
      test: event.isTest,
    };
    const { facts } = parsed;
    if (facts.call) await applyCallFacts(scope, facts.call);
    if (facts.call?.twilioPrice && facts.call.twilioCallSid)
      await applyCallCharge(tx, facts.call.twilioCallSid, facts.call.twilioPrice);
    if (facts.sms && facts.kind === "sms") await applyIncomingSms(scope, facts.sms);
    // sms-status callbacks concern messages Luneo sends: only their price is applied (ROI cost).
    if (facts.sms?.twilioPrice && facts.kind === "sms-status")
      await applySmsCharge(tx, facts.sms.messageSid, facts.sms.twilioPrice);

    await tx
      .update(webhookEvents)
      .set({
        status: "processed",
        processedAt: sql`now()`,
        lastError: null,
        attempts: sql`${webhookEvents.attempts} + 1`,
      })
      .where(and(eq(webhookEvents.orgId, job.orgId), eq(webhookEvents.id, job.eventId)));
    // Product analytics (no personal data; sent in the background; once per org).
    if (!event.isTest) {
      trackAfterResponse(
        job.orgId,
        "first event received",
        { provider: event.provider },
        { once: "first event received" },
      );
    }
    return "processed";
  });
}

/** After a failed attempt: "failed" while retries remain, "dead_lettered" after the last one. */
export async function recordProcessingFailure(
  job: IngestJob,
  error: unknown,
  finalAttempt: boolean,
) {
  // Drizzle wraps database errors as "Failed query: <sql> params: <values>": keep the database's
  // own sentence, which says what went wrong without copying call data into the log page.
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const message = cause instanceof Error ? cause.message : String(cause);
  await withTenant(jobContext(job.orgId), (tx) =>
    tx
      .update(webhookEvents)
      .set({
        status: finalAttempt ? "dead_lettered" : "failed",
        lastError: message.slice(0, 2000),
        attempts: sql`${webhookEvents.attempts} + 1`,
      })
      .where(and(eq(webhookEvents.orgId, job.orgId), eq(webhookEvents.id, job.eventId))),
  );
}
