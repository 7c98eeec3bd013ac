import "server-only";
import { getWebhookSql } from "@/db";
import { log } from "@/lib/log";
import { webhookTransaction } from "@/lib/webhooks/inbox-store";
import { ASSISTANT_REQUEST } from "./thresholds";

// Two signals the webhook path sees but does not store: requests refused for a bad signature
// (refused before anything is written, ADR 0005) and how long Luneo took to answer VAPI's
// assistant-request. Counted in this process per org and minute, and added to the database
// (webhook_signature_refusals, assistant_request_stats) every FLUSH_EVERY_MS by one upsert per
// org, never on the request itself: a flood of forged requests costs a map increment each, and
// an answer is not made slower to be measured. Counts only: no body, header, number or address.
// A process that stops loses at most its last few seconds of counts.

export const FLUSH_EVERY_MS = 5_000;

type AnswerCounts = {
  answered: number;
  failed: number;
  slow: number;
  totalMs: number;
  maxMs: number;
};

const refusals = new Map<string, number>();
const answers = new Map<string, AnswerCounts>();
let timer: NodeJS.Timeout | null = null;

const minuteOf = (at: Date) => new Date(Math.floor(at.getTime() / 60_000) * 60_000).toISOString();

function scheduleFlush() {
  if (timer) return;
  timer = setTimeout(() => {
    timer = null;
    flushHealthCounters().catch((error) =>
      log.warn(
        { reason: (error as Error).message },
        "health counters not written; kept for the next try",
      ),
    );
  }, FLUSH_EVERY_MS);
  timer.unref();
}

/** A webhook request for `orgId`'s `provider` channel was refused for its signature. */
export function countRefusedSignature(orgId: string, provider: "twilio" | "vapi", at = new Date()) {
  const key = `${orgId}|${provider}|${minuteOf(at)}`;
  refusals.set(key, (refusals.get(key) ?? 0) + 1);
  scheduleFlush();
}

/** Luneo answered an assistant-request of `orgId` in `ms`; `ok` false: not with a 2xx. */
export function countAssistantAnswer(orgId: string, ms: number, ok: boolean, at = new Date()) {
  const key = `${orgId}|${minuteOf(at)}`;
  const c = answers.get(key) ?? { answered: 0, failed: 0, slow: 0, totalMs: 0, maxMs: 0 };
  c.answered += 1;
  if (!ok) c.failed += 1;
  if (ms >= ASSISTANT_REQUEST.slowMs) c.slow += 1;
  c.totalMs += ms;
  c.maxMs = Math.max(c.maxMs, ms);
  answers.set(key, c);
  scheduleFlush();
}

/**
 * Adds what this process counted to the database, one transaction per org (its own scope and
 * row-level security). What could not be written is put back for the next flush.
 */
export async function flushHealthCounters(): Promise<void> {
  const byOrg = new Map<
    string,
    { refused: [string, string, number][]; answered: [string, AnswerCounts][] }
  >();
  const forOrg = (orgId: string) => {
    let entry = byOrg.get(orgId);
    if (!entry) byOrg.set(orgId, (entry = { refused: [], answered: [] }));
    return entry;
  };
  for (const [key, n] of refusals) {
    const [orgId, provider, minute] = key.split("|") as [string, string, string];
    forOrg(orgId).refused.push([provider, minute, n]);
  }
  for (const [key, c] of answers) {
    const [orgId, minute] = key.split("|") as [string, string];
    forOrg(orgId).answered.push([minute, c]);
  }
  refusals.clear();
  answers.clear();
  const sql = getWebhookSql();
  const failures: unknown[] = [];
  for (const [orgId, { refused, answered }] of byOrg) {
    try {
      await webhookTransaction(sql, orgId, async (tx) => {
        for (const [provider, minute, n] of refused) {
          await tx`insert into webhook_signature_refusals (org_id, provider, minute, count)
            values (${orgId}, ${provider}, ${minute}, ${n})
            on conflict (org_id, provider, minute)
            do update set count = webhook_signature_refusals.count + excluded.count`;
        }
        for (const [minute, c] of answered) {
          await tx`insert into assistant_request_stats (org_id, minute, answered, failed, slow, total_ms, max_ms)
            values (${orgId}, ${minute}, ${c.answered}, ${c.failed}, ${c.slow}, ${c.totalMs}, ${c.maxMs})
            on conflict (org_id, minute) do update set
              answered = assistant_request_stats.answered + excluded.answered,
              failed = assistant_request_stats.failed + excluded.failed,
              slow = assistant_request_stats.slow + excluded.slow,
              total_ms = assistant_request_stats.total_ms + excluded.total_ms,
              max_ms = greatest(assistant_request_stats.max_ms, excluded.max_ms)`;
        }
      });
    } catch (error) {
      failures.push(error);
      // Kept for the next flush rather than lost (an org deleted meanwhile fails every time: the
      // counts of a minute older than a day are dropped instead).
      const dayAgo = Date.now() - 24 * 60 * 60_000;
      for (const [provider, minute, n] of refused) {
        if (Date.parse(minute) < dayAgo) continue;
        const key = `${orgId}|${provider}|${minute}`;
        refusals.set(key, (refusals.get(key) ?? 0) + n);
      }
      for (const [minute, c] of answered) {
        if (Date.parse(minute) < dayAgo) continue;
        const key = `${orgId}|${minute}`;
        const have = answers.get(key);
        answers.set(
          key,
          have
            ? {
                answered: have.answered + c.answered,
                failed: have.failed + c.failed,
                slow: have.slow + c.slow,
                totalMs: have.totalMs + c.totalMs,
                maxMs: Math.max(have.maxMs, c.maxMs),
              }
            : c,
        );
      }
      scheduleFlush();
    }
  }
  if (failures.length > 0) throw failures[0];
}
