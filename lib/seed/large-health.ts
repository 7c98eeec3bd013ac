import { sql } from "drizzle-orm";
import { systemContext } from "@/lib/context";
import { withSystem, withTenant } from "@/lib/db/scopes";
import { rollupUptime } from "@/lib/health/uptime/rollup";

// Health history at scale, for `npm run seed:large` and `npm run bench:health`: a busy inbox
// (`events` over 30 days, 600 in the last 15 minutes, a third of those ~20 kB VAPI end-of-call
// reports), 90 days of status periods per component changing every two hours (about 7,500 rows),
// 200 resolved incidents, a public status page, and the daily uptime rollup made from it all.
// Written directly with past timestamps; skipped when the org already has status periods.

export async function seedLargeTenantHealth(
  orgId: string,
  { events = 300_000 }: { events?: number } = {},
): Promise<"created" | "kept"> {
  const report = JSON.stringify({
    message: {
      type: "end-of-call-report",
      endedReason: "customer-ended-call",
      artifact: { transcript: "AI: Hello, Seaside Realty. ".repeat(700) },
    },
  });
  const made = await withSystem("seed: health history at scale", async (tx) => {
    const [{ n }] = (await tx.execute(sql`select count(*)::int as n
      from component_status_periods where org_id = ${orgId}`)) as unknown as [{ n: number }];
    if (n > 0) return false;
    await tx.execute(sql`insert into channel_connections (org_id, provider, endpoint_id, config)
      values (${orgId}, 'vapi', ${`seed-vapi-${orgId}`}, '{"authMode":"x-vapi-secret"}'),
             (${orgId}, 'twilio', ${`seed-twilio-${orgId}`}, '{"accountSid":"AC0","phoneNumbers":[]}')
      on conflict do nothing`);
    const [connection] = (await tx.execute(
      sql`select id from channel_connections where org_id = ${orgId} and provider = 'vapi'`,
    )) as unknown as [{ id: string }];
    // Older events, small bodies, spread over 30 days.
    await tx.execute(sql`insert into webhook_events
        (org_id, provider, connection_id, kind, event_key, status, raw_body, received_at, processed_at)
      select ${orgId}, case when i % 2 = 0 then 'twilio' else 'vapi' end, ${connection.id},
             case when i % 2 = 0 then 'call-status' else 'status-update' end, 'health-old-' || i,
             case when i % 97 = 0 then 'failed' else 'processed' end, '{}',
             now() - interval '30 days' * (i::float / ${events}) - interval '20 minutes',
             now() - interval '30 days' * (i::float / ${events}) - interval '20 minutes'
        from generate_series(1, ${events}) i`);
    // The last 15 minutes: 600 events, a third of them full end-of-call reports.
    await tx.execute(sql`insert into webhook_events
        (org_id, provider, connection_id, kind, event_key, status, raw_body, received_at, processed_at)
      select ${orgId}, case when i % 3 = 0 then 'vapi' else 'twilio' end, ${connection.id},
             case when i % 3 = 0 then 'end-of-call-report' else 'voice' end, 'health-new-' || i,
             'processed', case when i % 3 = 0 then ${report} else '{}' end,
             now() - interval '14 minutes' * (i::float / 600), now()
        from generate_series(1, 600) i`);
    // 90 days of periods per component, a change about every two hours.
    await tx.execute(sql`insert into component_status_periods (org_id, component, status, reason, started_at, ended_at)
      select ${orgId}, c,
             (array['operational','operational','operational','degraded_performance','partial_outage'])[1 + (i % 5)],
             'seed', now() - interval '90 days' + interval '2 hours' * i,
             now() - interval '90 days' + interval '2 hours' * (i + 1)
        from unnest(array['phone','sms','vapi','agent','ai_providers','processing','credentials']) c,
             generate_series(0, 1078) i`);
    await tx.execute(sql`insert into component_status_periods (org_id, component, status, reason, started_at)
      select ${orgId}, c, 'operational', 'seed', now() - interval '90 days' + interval '2 hours' * 1079
        from unnest(array['phone','sms','vapi','agent','ai_providers','processing','credentials']) c`);
    await tx.execute(sql`insert into incidents (org_id, origin, component, title, status, impact, started_at, resolved_at)
      select ${orgId}, 'manual', 'phone', 'Incident ' || i, 'resolved', 'partial_outage',
             now() - interval '1 day' * i, now() - interval '1 day' * i + interval '30 minutes'
        from generate_series(1, 200) i`);
    await tx.execute(sql`insert into health_settings (org_id, status_page_enabled)
      values (${orgId}, true) on conflict (org_id) do update set status_page_enabled = true`);
    return true;
  });
  if (!made) return "kept";
  await withTenant(systemContext("seed: uptime rollup", { id: orgId }), (tx) => rollupUptime(tx));
  await withSystem("seed: statistics after a bulk load", async (tx) => {
    await tx.execute(sql`analyze webhook_events`);
    await tx.execute(sql`analyze component_status_periods`);
    await tx.execute(sql`analyze component_uptime_days`);
  });
  return "created";
}
