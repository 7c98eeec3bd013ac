import { processWebhookEvent, type ProcessOutcome } from "@/lib/ingest/process-event";
import { ownerSql } from "./db";

// The ingest worker's part in tests that drive the webhook routes: the events an org's endpoints
// stored wait in the inbox (webhook_events is the queue, docs/adr/0019) until processed.

/** The org's events waiting to be processed, oldest first (the order a worker takes them). */
export async function waitingEvents(orgId: string): Promise<{ orgId: string; eventId: string }[]> {
  const rows = await ownerSql()<{ id: string }[]>`
    select id from webhook_events
     where org_id = ${orgId} and status = 'received'
     order by received_at, id`;
  return rows.map((row) => ({ orgId, eventId: row.id }));
}

/** Processes every event `orgId` has waiting, one by one and oldest first; their outcomes. */
export async function drainInbox(orgId: string): Promise<ProcessOutcome[]> {
  const outcomes: ProcessOutcome[] = [];
  for (const event of await waitingEvents(orgId)) outcomes.push(await processWebhookEvent(event));
  return outcomes;
}
