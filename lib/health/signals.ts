import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { channelConnections, credentialChecks } from "@/db/schema";
import type { TenantTx } from "@/lib/db/scopes";
import type { Signals } from "./compute";
import { ASSISTANT_REQUEST, PROCESSING, THRESHOLDS } from "./thresholds";

// The counts a health evaluation reads, all from what Luneo already stores: the webhook inbox
// (each event's provider, kind, status and times; a VAPI end-of-call report's `endedReason`, read
// from its raw body), the channel connections and the last credential checks. Not pg-boss's
// tables: an event's own status says whether it was processed. Test events are left out. The
// `endedReason` is found with strpos, then matched on the 200 characters from there: a regular
// expression over a 20 kB report costs several times more (bench/health.ts).

const TWILIO_SMS_KINDS = ["sms", "sms-status"];
const BAD = ["rejected", "failed", "dead_lettered"];

type Row = Record<string, unknown>;

export async function readSignals(tx: TenantTx): Promise<Signals> {
  const orgId = tx.orgId;
  const callbackWindow = Math.max(
    THRESHOLDS.phone.windowMinutes,
    THRESHOLDS.sms.windowMinutes,
    THRESHOLDS.vapi.windowMinutes,
  );
  const byKind = (await tx.execute(sql`
    select provider, kind, status, count(*)::int as count
      from webhook_events
     where org_id = ${orgId} and not is_test
       and received_at > now() - make_interval(mins => ${callbackWindow})
     group by provider, kind, status`)) as unknown as {
    provider: string;
    kind: string;
    status: string;
    count: number;
  }[];

  const count = (match: (r: (typeof byKind)[number]) => boolean) => {
    const rows = byKind.filter(match);
    return {
      total: rows.reduce((sum, r) => sum + r.count, 0),
      bad: rows.filter((r) => BAD.includes(r.status)).reduce((sum, r) => sum + r.count, 0),
    };
  };
  const isSms = (r: { provider: string; kind: string }) =>
    r.provider === "twilio" && TWILIO_SMS_KINDS.includes(r.kind);

  const callWindow = Math.max(
    THRESHOLDS.agent.windowMinutes,
    THRESHOLDS.ai_providers.windowMinutes,
  );
  const endedReasons = (await tx.execute(sql`
    select substring(substr(raw_body, strpos(raw_body, '"endedReason"'), 200)
                     from '^"endedReason"\\s*:\\s*"([^"\\\\]{1,120})"') as reason,
           count(*)::int as count
      from webhook_events
     where org_id = ${orgId} and not is_test and provider = 'vapi'
       and kind = 'end-of-call-report' and status <> 'rejected'
       and received_at > now() - make_interval(mins => ${callWindow})
     group by 1`)) as unknown as { reason: string | null; count: number }[];

  const [processing] = (await tx.execute(sql`
    select (select extract(epoch from now() - min(received_at))::float8
              from webhook_events
             where org_id = ${orgId} and status in ('received', 'processing')) as oldest,
           -- One count per status: each reads its own partial index (webhook_events_waiting_idx,
           -- webhook_events_ended_badly_idx), not the org's whole inbox.
           (select count(*)::int
              from webhook_events
             where org_id = ${orgId} and status = 'failed'
               and coalesce(processed_at, received_at)
                   > now() - make_interval(mins => ${PROCESSING.windowMinutes}))
           + (select count(*)::int
              from webhook_events
             where org_id = ${orgId} and status = 'dead_lettered'
               and coalesce(processed_at, received_at)
                   > now() - make_interval(mins => ${PROCESSING.windowMinutes})) as failed`)) as unknown as Row[];

  // Counted by the webhook path in memory and written every few seconds (lib/health/counters.ts).
  const refusedRows = (await tx.execute(sql`
    select provider, coalesce(sum(count), 0)::int as count from webhook_signature_refusals
     where org_id = ${orgId} and minute > now() - make_interval(mins => ${callbackWindow})
     group by provider`)) as unknown as { provider: "twilio" | "vapi"; count: number }[];
  const [answerRow] = (await tx.execute(sql`
    select coalesce(sum(answered), 0)::int as answered, coalesce(sum(failed), 0)::int as failed,
           coalesce(sum(slow), 0)::int as slow, coalesce(max(max_ms), 0)::float8 as "maxMs"
      from assistant_request_stats
     where org_id = ${orgId}
       and minute > now() - make_interval(mins => ${ASSISTANT_REQUEST.windowMinutes})`)) as unknown as {
    answered: number;
    failed: number;
    slow: number;
    maxMs: number;
  }[];

  const connected = await tx
    .select({ provider: channelConnections.provider })
    .from(channelConnections)
    .where(eq(channelConnections.orgId, orgId));
  const checks = await tx
    .select({
      provider: credentialChecks.provider,
      outcome: credentialChecks.outcome,
      detail: credentialChecks.detail,
    })
    .from(credentialChecks)
    .where(and(eq(credentialChecks.orgId, orgId)));
  const has = (p: "twilio" | "vapi") => connected.some((c) => c.provider === p);

  return {
    connected: { twilio: has("twilio"), vapi: has("vapi") },
    phone: count((r) => r.provider === "twilio" && !isSms(r)),
    sms: count(isSms),
    vapi: count((r) => r.provider === "vapi"),
    endedReasons,
    refused: {
      twilio: refusedRows.find((r) => r.provider === "twilio")?.count ?? 0,
      vapi: refusedRows.find((r) => r.provider === "vapi")?.count ?? 0,
    },
    answers: answerRow ?? { answered: 0, failed: 0, slow: 0, maxMs: 0 },
    processing: {
      oldestWaitingSeconds: processing?.oldest == null ? null : Number(processing.oldest),
      failed: Number(processing?.failed ?? 0),
    },
    // Only the providers still connected: a check of a removed connection says nothing now.
    credentials: checks.filter((c) => has(c.provider)),
  };
}
