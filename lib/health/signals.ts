import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { channelConnections, credentialChecks } from "@/db/schema";
import type { TenantTx } from "@/lib/db/scopes";
import type { Signals } from "./compute";
import { PROCESSING, THRESHOLDS } from "./thresholds";

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
             where org_id = ${orgId} and status = 'received') as oldest,
           (select count(*)::int
              from webhook_events
             where org_id = ${orgId} and status in ('failed', 'dead_lettered')
               and coalesce(processed_at, received_at)
                   > now() - make_interval(mins => ${PROCESSING.windowMinutes})) as failed`)) as unknown as Row[];

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
    processing: {
      oldestWaitingSeconds: processing?.oldest == null ? null : Number(processing.oldest),
      failed: Number(processing?.failed ?? 0),
    },
    // Only the providers still connected: a check of a removed connection says nothing now.
    credentials: checks.filter((c) => has(c.provider)),
  };
}
