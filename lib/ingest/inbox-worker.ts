import "server-only";
import type postgres from "postgres";
import { log } from "@/lib/log";
import { processWebhookEvents, recordProcessingFailure } from "./process-event";

// The ingest worker claims webhook events straight from the inbox (webhook_events is the queue:
// docs/adr/0019) with luneo_claim_inbox_events (migration 0046): round robin across the orgs with
// events waiting, never an event whose call has another one running. Claimed events run
// `concurrency` at a time; each org's share of a claim is applied in one transaction (one commit
// for up to `perOrg` events) and, if that fails, one by one, so a bad event fails alone and is
// retried with backoff, then dead-lettered.

/** 1 attempt + 5 retries, backing off from 5 s (5, 10, 20, 40, 80 s); then dead-lettered. */
export const INGEST_RETRY = { attempts: 6, firstDelaySeconds: 5 } as const;
/** A claim's lease: an event still `processing` after this (its worker died) is claimed again. */
export const INGEST_LEASE_SECONDS = 120;

export type InboxWorkerOptions = {
  /** Events being processed at once in this process. */
  concurrency: number;
  /** At most this many events of one org per claim (the rest wait for the next round). */
  perOrg: number;
  /** How long an idle worker waits before asking again. */
  idleMs: number;
};

export type ClaimedEvent = {
  org_id: string;
  id: string;
  order_key: string | null;
  /** Attempts started, this one included. */
  attempts: number;
  received_at: Date;
};

export type InboxWorker = { stop: () => Promise<void> };

/** One claim (as luneo_system: `sql` is the system pool). */
export async function claimInboxEvents(
  sql: postgres.Sql,
  limit: number,
  perOrg: number,
): Promise<ClaimedEvent[]> {
  const rows = await sql<(Omit<ClaimedEvent, "received_at"> & { received_at: Date | string })[]>`
    select * from luneo_claim_inbox_events(${limit}, ${perOrg}, ${INGEST_LEASE_SECONDS})`;
  // Drizzle sets the pool's timestamp parsers to text (it maps dates itself): read either.
  return rows.map((row) => ({ ...row, received_at: new Date(row.received_at) }));
}

export function startInboxWorker(sql: postgres.Sql, options: InboxWorkerOptions): InboxWorker {
  let stopping = false;
  let running = 0;
  let wake: (() => void) | null = null;

  const runBatch = async (events: ClaimedEvent[]) => {
    try {
      await processClaimed(events);
    } finally {
      running -= events.length;
      wake?.();
    }
  };

  const loop = async () => {
    while (!stopping) {
      const free = options.concurrency - running;
      if (free <= 0) {
        await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
        continue;
      }
      let events: ClaimedEvent[] = [];
      try {
        events = await claimInboxEvents(sql, free, options.perOrg);
      } catch (error) {
        log.error({ err: error }, "could not claim webhook events");
      }
      if (events.length === 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, options.idleMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = null;
        continue;
      }
      running += events.length;
      for (const batch of groupByOrg(events)) void runBatch(batch);
    }
  };

  const done = loop();
  return {
    async stop() {
      stopping = true;
      wake?.();
      await done;
      while (running > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    },
  };
}

/**
 * One org's claimed events, oldest first: together in one transaction, else one by one. Never
 * throws: a failure is recorded on its event (retry or dead letter).
 */
export async function processClaimed(events: ClaimedEvent[]): Promise<void> {
  const [first] = events;
  if (!first) return;
  const expired = events.filter((event) => event.attempts > INGEST_RETRY.attempts);
  const runnable = events.filter((event) => event.attempts <= INGEST_RETRY.attempts);
  // Claimed again after its last attempt's lease ran out (the worker died or hung on it).
  for (const event of expired) {
    await recordFailure(event, new Error("Processing did not finish within its lease."), true);
  }
  if (runnable.length === 0) return;
  if (runnable.length > 1 && (await tryTogether(first.org_id, runnable))) return;
  for (const event of runnable) {
    try {
      const [outcome] = await processWebhookEvents(event.org_id, [event.id]);
      log.debug({ eventId: event.id, outcome }, "webhook event processed");
    } catch (error) {
      log.error(
        { err: error, eventId: event.id, attempt: event.attempts },
        "webhook event processing failed",
      );
      await recordFailure(event, error, event.attempts >= INGEST_RETRY.attempts);
    }
  }
}

async function tryTogether(orgId: string, events: ClaimedEvent[]): Promise<boolean> {
  try {
    const outcomes = await processWebhookEvents(
      orgId,
      events.map((event) => event.id),
    );
    log.debug({ events: events.length, outcomes }, "webhook events processed together");
    return true;
  } catch (error) {
    // Names and codes only: a driver's message may quote the statement's values.
    const { name, code } = (error ?? {}) as { name?: unknown; code?: unknown };
    const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
    log.warn(
      { events: events.length, error: name, code: code ?? cause?.code },
      "batch not applied; its events run one by one",
    );
    return false;
  }
}

async function recordFailure(event: ClaimedEvent, error: unknown, final: boolean) {
  const retryInSeconds = INGEST_RETRY.firstDelaySeconds * 2 ** Math.max(0, event.attempts - 1);
  await recordProcessingFailure(
    { orgId: event.org_id, eventId: event.id },
    error,
    final ? null : retryInSeconds,
  ).catch((e: unknown) =>
    log.error({ err: e, eventId: event.id }, "could not record the processing failure"),
  );
}

/** Claimed events grouped by org, oldest first inside a group (one call's events in order). */
export function groupByOrg<Row extends { org_id: string; received_at: Date; id: string }>(
  rows: Row[],
): Row[][] {
  const groups = new Map<string, Row[]>();
  const sorted = [...rows].sort(
    (a, b) =>
      a.received_at.getTime() - b.received_at.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  for (const row of sorted) {
    const group = groups.get(row.org_id);
    if (group) group.push(row);
    else groups.set(row.org_id, [row]);
  }
  return [...groups.values()];
}
