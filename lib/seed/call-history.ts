import postgres from "postgres";

// Months of calls and SMS threads for the demo agency, so its overview (lib/roi) has a history on
// first start: a busy week and quiet Sundays, more calls as the agent settles in, a share of calls
// in the evening, some handed to a person, viewings booked, VAPI's cost and success evaluation.
// Conversations go to the demo's existing contacts (large-tenant.ts made them), each with its
// timeline entry so the contact pages list them. Runs as luneo_system by `set local role`, like
// the other seed generators.

const SUMMARIES = [
  "Caller asked about the {beds}-bed listing in {area}; the assistant gave the asking price and booked a viewing for Saturday morning.",
  "A seller in {area} wanted a valuation; the assistant took the address and the timing, and Julia will call back tomorrow.",
  "Tenant asked whether pets are allowed at the {area} flat; the assistant confirmed small pets with a deposit and sent the application link.",
  "Buyer with a mortgage in principle asked for everything in {area} under budget; the assistant listed three homes and booked two viewings.",
  "Landlord asked about letting fees; the assistant explained the fully managed service and arranged a call with Marc.",
  "Caller wanted to speak to the agent handling their sale; the assistant transferred the call to the office.",
  "Relocating family asked about schools near {area}; the assistant noted the timing and booked a viewing.",
  "Investor asked for rental yields in {area}; the assistant took the budget and passed it to Priya.",
] as const;
const AREAS = ["the Marina", "Harbour Hill", "Old Town", "Seacliff", "the Heights", "Bayside"];
const TIMINGS = ["As soon as possible", "Within 3 months", "3–6 months", "Just looking"];
const INTENTS = ["Buy", "Rent", "Sell", "Let"];

/**
 * Adds `days` days of history before today, and today's calls so far, to `orgId`: about 6–11 calls a weekday, fewer at the
 * weekend, growing by a third over the period, and a couple of SMS threads a day.
 */
export async function generateCallHistory(url: string, orgId: string, days = 120): Promise<number> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    return await sql.begin(async (tx) => {
      await tx`set local role luneo_system`;
      const [org] = await tx<{ timezone: string }[]>`select timezone from orgs where id = ${orgId}`;
      const tz = org?.timezone ?? "UTC";
      const inserted = await tx`
        with c as (
          select id, row_number() over (order by id) as rn, count(*) over () as n
            from contacts where org_id = ${orgId} and merged_into_id is null),
        d as (
          -- Today too, up to now: the overview's last day is not left empty.
          select g as back, ((now() at time zone ${tz})::date - g) as day
            from generate_series(0, ${days}::int) g),
        calls as (
          select d.day, d.back, k,
                 -- Weekdays busier than Saturdays, Sundays quiet; a third more calls by the end.
                 (case extract(isodow from d.day) when 7 then 2 when 6 then 5 else 7 end
                  + (hashtext(d.day::text) & 3)) * (1 + (${days} - d.back) / (${days} * 3.0)) as per_day,
                 abs(hashtext(d.day::text || ':' || k)) as h
            from d, generate_series(1, 16) k),
        kept as (
          select day, back, k, h,
                 -- One call in five in the evening (after hours), the rest in office hours.
                 case when h % 5 = 0 then 18 + h % 3 else 9 + h % 8 end as hour,
                 h % 60 as minute
            from calls where k <= per_day),
        rows as (
          select gen_random_uuid() as id, kept.*,
                 ((kept.day + make_time(kept.hour, kept.minute, 0)) at time zone ${tz}) as at,
                 90 + kept.h % 330 as seconds,
                 -- Round the contacts, so one rarely calls twice within a few days.
                 (select id from c where c.rn = 1 + (kept.back * 13 + kept.k) % c.n) as contact_id
            from kept),
        conv as (
          insert into conversations (org_id, id, contact_id, channel, direction, status, status_rank,
                                     started_at, ended_at, duration_seconds, ended_reason, cost,
                                     cost_breakdown, summary, summary_source, structured_data,
                                     success_evaluation, last_message_at, created_at, updated_at)
          select ${orgId}, r.id, r.contact_id, 'voice', 'inbound', 'ended', 9, r.at,
                 r.at + make_interval(secs => r.seconds), r.seconds,
                 case when r.h % 9 = 0 then 'assistant-forwarded-call' else 'customer-ended-call' end,
                 round((0.02 + r.seconds / 60.0 * 0.11)::numeric, 4),
                 jsonb_build_object('transport', round((r.seconds / 60.0 * 0.009)::numeric, 4),
                                    'vapi', round((r.seconds / 60.0 * 0.05)::numeric, 4)),
                 replace(replace((${SUMMARIES as unknown as string[]}::text[])[1 + r.h % ${SUMMARIES.length}],
                   '{area}', (${AREAS}::text[])[1 + r.h % ${AREAS.length}]), '{beds}', (2 + r.h % 3)::text),
                 'vapi',
                 case when r.h % 4 <> 3 then jsonb_strip_nulls(jsonb_build_object(
                   'buy_or_rent', (${INTENTS}::text[])[1 + r.h % 4],
                   'area', case when r.h % 2 = 0 then (${AREAS}::text[])[1 + r.h % ${AREAS.length}] end,
                   'timing', case when r.h % 3 = 0 then (${TIMINGS}::text[])[1 + r.h % 4] end,
                   'budget', case when r.h % 5 = 0 then 250000 + (r.h % 30) * 25000 end,
                   'viewingBooked', r.h % 4 = 0)) end,
                 case when r.h % 7 = 0 then 'false' else 'true' end,
                 r.at + make_interval(secs => r.seconds), now(), now()
            from rows r
           where r.at + make_interval(secs => r.seconds) < now()
          returning id, contact_id, started_at, ended_at, duration_seconds, ended_reason, cost, summary),
        sms as (
          insert into conversations (org_id, contact_id, channel, direction, status, started_at,
                                     last_message_at, created_at, updated_at)
          select ${orgId}, (select id from c where c.rn = 1 + abs(hashtext(d.day::text || 's' || s)) % c.n),
                 'sms', 'inbound', 'open',
                 ((d.day + make_time(10 + s * 3, 15, 0)) at time zone ${tz}),
                 ((d.day + make_time(10 + s * 3, 27, 0)) at time zone ${tz}), now(), now()
            from d, generate_series(1, 2) s
           where ((d.day + make_time(10 + s * 3, 27, 0)) at time zone ${tz}) < now()
          returning id),
        timeline as (
          insert into timeline_events (org_id, contact_id, conversation_id, kind, occurred_at, data, dedupe_key)
          select ${orgId}, contact_id, id, 'call.ended', ended_at,
                 jsonb_build_object('durationSeconds', duration_seconds, 'endedReason', ended_reason,
                                    'cost', cost, 'summary', summary),
                 'call:' || id || ':ended'
            from conv
          returning 1)
        select (select count(*) from conv) + (select count(*) from sms) as n, (select count(*) from timeline) as t`;
      return Number(inserted[0]?.n ?? 0);
    });
  } finally {
    await sql.end({ timeout: 5 });
  }
}
