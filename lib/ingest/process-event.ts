import "server-only";
import type { CountryCode } from "libphonenumber-js";
import { and, eq, inArray, sql } from "drizzle-orm";
import { orgs, webhookEvents, type WebhookEvent } from "@/db/schema";
import { trackAfterResponse } from "@/lib/analytics/track";
import { systemContext } from "@/lib/context";
import { withTenant, type TenantTx } from "@/lib/db/scopes";
import { deferRoiRefresh, flushRoiRefresh } from "@/lib/roi/enqueue";
import { applyCallCharge, applySmsCharge } from "./apply-charge";
import { applyCallFacts } from "./apply-call";
import { applyIncomingSms } from "./apply-sms";
import { deferBatchWrites, flushBatchWrites } from "./batch-writes";
import { parseStoredEvent } from "./reparse";

const jobContext = (orgId: string) => systemContext("ingest.normalize", { id: orgId });

export type ProcessOutcome = "processed" | "rejected" | "already-processed" | "missing";

/** A stored webhook event to process: the org it belongs to and its id. */
export type StoredEventRef = { orgId: string; eventId: string };

/**
 * Turns one stored webhook event into contacts, conversations, messages, timeline entries and
 * domain events. Idempotent: a processed event is skipped, and every write is keyed, so a retry
 * after a crash mid-way converges on the same rows. The worker claims events and calls
 * processWebhookEvents (lib/ingest/inbox-worker.ts); this is the one-event form.
 */
export async function processWebhookEvent(event: StoredEventRef): Promise<ProcessOutcome> {
  const [outcome] = await processWebhookEvents(event.orgId, [event.eventId]);
  return outcome!;
}

/**
 * Several stored events of one org in one tenant transaction, in the order given (a call's
 * events as they arrived): one read of the events, one statement marking them processed, one
 * commit. Throws having changed nothing if any event fails; the caller then takes them one by one
 * (lib/ingest/inbox-worker.ts), so a bad event never holds the others back.
 */
export async function processWebhookEvents(
  orgId: string,
  eventIds: string[],
): Promise<ProcessOutcome[]> {
  return withTenant(jobContext(orgId), async (tx) => {
    // The org's country comes with the events (one round trip): it reads the numbers' format.
    const rows = await tx
      .select({ event: webhookEvents, country: orgs.country })
      .from(webhookEvents)
      .innerJoin(orgs, eq(orgs.id, webhookEvents.orgId))
      .where(and(eq(webhookEvents.orgId, orgId), inArray(webhookEvents.id, eventIds)))
      .for("update", { of: webhookEvents });
    deferRoiRefresh(tx);
    const byId = new Map(rows.map((row) => [row.event.id, row]));
    const processed: WebhookEvent[] = [];
    const outcomes: ProcessOutcome[] = [];
    // What the batch's events write once per batch (calls' rows, contact touches, timeline
    // entries, domain events, jobs) goes out after its last event (lib/ingest/batch-writes.ts).
    deferBatchWrites(tx);
    for (const id of eventIds) {
      const row = byId.get(id);
      // Two jobs of one event (a replay beside a retry) in one batch: the second sees it done.
      byId.delete(id);
      const outcome = row
        ? await applyEvent(tx, row.event, row.country as CountryCode)
        : processed.some((event) => event.id === id)
          ? "already-processed"
          : "missing";
      if (outcome === "processed") processed.push(row!.event);
      outcomes.push(outcome);
    }
    // Before the events are marked processed, in the same transaction: held writes are never lost.
    await flushBatchWrites(tx);
    await flushRoiRefresh(tx);
    if (processed.length === 0) return outcomes;
    await tx
      .update(webhookEvents)
      .set({
        status: "processed",
        // When its work was done, not when its transaction began.
        processedAt: sql`clock_timestamp()`,
        lastError: null,
        claimedUntil: null,
        nextAttemptAt: null,
      })
      .where(
        and(
          eq(webhookEvents.orgId, orgId),
          inArray(
            webhookEvents.id,
            processed.map((event) => event.id),
          ),
        ),
      );
    // Product analytics (no personal data; sent in the background; once per org).
    const real = processed.find((event) => !event.isTest);
    if (real) {
      trackAfterResponse(
        orgId,
        "first event received",
        { provider: real.provider },
        { once: "first event received" },
      );
    }
    return outcomes;
  });
}

/** One event's work; "processed" events are marked so by the caller, with the others. */
async function applyEvent(
  tx: TenantTx,
  event: WebhookEvent,
  country: CountryCode,
): Promise<ProcessOutcome> {
  if (event.status === "processed") return "already-processed";
  const parsed = parseStoredEvent(event);
  if (!parsed.ok) {
    await tx
      .update(webhookEvents)
      .set({ status: "rejected", rejectReason: parsed.reason, claimedUntil: null })
      .where(and(eq(webhookEvents.orgId, tx.orgId), eq(webhookEvents.id, event.id)));
    return "rejected";
  }
  const scope = { tx, country, receivedAt: event.receivedAt, test: event.isTest };
  const { facts } = parsed;
  if (facts.call) await applyCallFacts(scope, facts.call);
  if (facts.call?.twilioPrice && facts.call.twilioCallSid)
    await applyCallCharge(tx, facts.call.twilioCallSid, facts.call.twilioPrice);
  if (facts.sms && facts.kind === "sms") await applyIncomingSms(scope, facts.sms);
  // sms-status callbacks concern messages Luneo sends: only their price is applied (ROI cost).
  if (facts.sms?.twilioPrice && facts.kind === "sms-status")
    await applySmsCharge(tx, facts.sms.messageSid, facts.sms.twilioPrice);
  return "processed";
}

/**
 * After a failed attempt: "failed" and tried again in `retryInSeconds`, or "dead_lettered" when
 * no retry follows (null). The attempt itself was counted when the event was claimed.
 */
export async function recordProcessingFailure(
  event: StoredEventRef,
  error: unknown,
  retryInSeconds: number | null,
) {
  // Drizzle wraps database errors as "Failed query: <sql> params: <values>": keep the database's
  // own sentence, which says what went wrong without copying call data into the log page.
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const message = cause instanceof Error ? cause.message : String(cause);
  await withTenant(jobContext(event.orgId), (tx) =>
    tx
      .update(webhookEvents)
      .set({
        status: retryInSeconds === null ? "dead_lettered" : "failed",
        lastError: message.slice(0, 2000),
        // When processing ended, given up: staff's queue figures count it in its hour.
        processedAt: retryInSeconds === null ? sql`clock_timestamp()` : null,
        claimedUntil: null,
        nextAttemptAt:
          retryInSeconds === null ? null : sql`now() + ${retryInSeconds} * interval '1 second'`,
      })
      .where(and(eq(webhookEvents.orgId, event.orgId), eq(webhookEvents.id, event.eventId))),
  );
}
