import postgres from "postgres";
import { AGENTS, SCENARIOS, STREETS } from "./scenarios";
import { AREAS, FIRST, JOURS, LAST, QUALIFIERS, STATUSES } from "./vocabulary";

// Bulk data for the demo org and the scale benchmark, generated inside PostgreSQL (generate_series)
// in chunks so a progress bar can follow. Shapes mirror what ingestion writes: a contact with its
// phone identity, a call and an SMS thread per contact whose turns come from one of the agency's
// scenarios (scenarios.ts, filled in SQL from the contact's profile), a timeline entry per
// conversation, memory and the call's facts for half of the contacts.

export type Progress = (done: number, total: number, what: string) => void;

/**
 * Adds `contacts` contacts (numbered from 1) with their conversations, messages, timeline and
 * memory to `orgId`, in chunks of `chunk` contacts. Runs as luneo_system by `set local role` (a seed script: like the migrate step, it does not go through withSystem).
 */
export async function generateTenantData(
  url: string,
  orgId: string,
  contacts: number,
  progress: Progress,
  chunk = 5_000,
): Promise<{ messages: number }> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const tables = scenarioTables();
  let messages = 0;
  try {
    const [row] = await sql.begin(async (tx) => {
      await tx`set local role luneo_system`;
      return tx<
        { name: string; timezone: string }[]
      >`select name, timezone from orgs where id = ${orgId}`;
    });
    const org = {
      // What the assistant calls the agency: "Seaside Realty (demo)" answers as "Seaside Realty".
      business: (row?.name ?? "the agency").replace(/\s*\(.*\)\s*$/, ""),
      timezone: row?.timezone ?? "UTC",
    };
    for (let from = 1; from <= contacts; from += chunk) {
      const to = Math.min(from + chunk - 1, contacts);
      await sql.begin(async (tx) => {
        await tx`set local role luneo_system`;
        messages += await insertChunk(tx, orgId, org, tables, from, to);
      });
      progress(to, contacts, "contacts");
    }
    await sql`analyze contacts, contact_identities, conversations, messages, timeline_events, contact_memory, contact_facts`;
  } finally {
    await sql.end({ timeout: 5 });
  }
  return { messages };
}

/**
 * A deterministic id from `key`: its md5 shaped as an RFC 9562 version 8 ("custom") UUID. A bare
 * `md5(…)::uuid` has random version and variant digits, which PostgreSQL accepts but the app's
 * strict uuid checks (zod's `z.uuid()` on the merge page, the list cursor) refuse: the contact
 * then "does not exist". Setting the version (8) and variant (10xx) digits keeps 120 bits of hash.
 */
function seedId(tx: postgres.TransactionSql, key: postgres.PendingQuery<postgres.Row[]>) {
  return tx`overlay(overlay(md5(${key}) placing '8' from 13) placing '8' from 17)::uuid`;
}

/** The scenario tables, as arrays PostgreSQL unnests (built once per run). */
function scenarioTables() {
  const turns = SCENARIOS.flatMap((s, i) =>
    [s.call, s.sms].flatMap((conversation, ch) =>
      conversation.map(([role, content], seq) => ({ no: i + 1, ch, seq, role, content })),
    ),
  );
  const facts = SCENARIOS.flatMap((s, i) =>
    s.facts.map(([key, value]) => ({ no: i + 1, key, value })),
  );
  const numbered = SCENARIOS.map((s, i) => ({ ...s, no: i + 1 }));
  return {
    scenarios: {
      tag: SCENARIOS.map((s) => s.tag),
      intent: SCENARIOS.map((s) => s.intent),
      timing: SCENARIOS.map((s) => s.timing),
      status: SCENARIOS.map((s) => s.status ?? null),
      summary: SCENARIOS.map((s) => s.summary),
      memory: SCENARIOS.map((s) => s.memory),
      openItem: SCENARIOS.map((s) => s.openItem),
      facts: SCENARIOS.map((s) => s.facts.map(([k, v]) => `${k}: ${v}`).join("; ")),
      callLen: SCENARIOS.map((s) => s.call.length),
      smsLen: SCENARIOS.map((s) => s.sms.length),
      afterHours: SCENARIOS.map((s) => (s.afterHours ? 1 : 0)),
    },
    // Callers without a name get the scenarios that never name them; the others any other one.
    named: numbered.filter((s) => !s.anonymous).map((s) => s.no),
    anonymous: numbered.filter((s) => s.anonymous).map((s) => s.no),
    turns: {
      no: turns.map((t) => t.no),
      ch: turns.map((t) => t.ch),
      seq: turns.map((t) => t.seq),
      role: turns.map((t) => t.role),
      content: turns.map((t) => t.content),
    },
    facts: {
      no: facts.map((f) => f.no),
      key: facts.map((f) => f.key),
      value: facts.map((f) => f.value),
    },
  };
}

type Tables = ReturnType<typeof scenarioTables>;

/** Placeholders of scenarios.ts and the column of `v` (the contact's profile) each is filled from. */
const PLACEHOLDERS = [
  "first",
  "last",
  "name",
  "area",
  "street",
  "budgetnum",
  "budget",
  "price",
  "rentnum",
  "rent",
  "beds",
  "agent",
  "business",
  "day",
  "jour",
  "month",
] as const;

/** `column` with every placeholder replaced by the contact's value (constant SQL, no input). */
function fill(tx: postgres.TransactionSql, column: string) {
  return tx.unsafe(
    PLACEHOLDERS.reduce((text, p) => `replace(${text}, '{${p}}', v.${p})`, column),
  ) as unknown as postgres.PendingQuery<postgres.Row[]>;
}

/** An amount as said on the phone: 350k, 1.05 million. */
const spoken = (n: string) =>
  `case when ${n} >= 1000000 then trim_scale(${n} / 1000000.0)::text || ' million' else (${n} / 1000)::text || 'k' end`;

/**
 * The common table expressions every insert of a chunk starts from: `sc`, the scenarios, and `v`,
 * one row per contact of the chunk with its profile, its scenario (chosen by its number, so a run
 * of consecutive contacts shows every scenario) and the values the placeholders take. `v.at` is
 * the call: spread over the past year, then moved back by up to a day to an hour when the office
 * is open in the org's time zone (9:00–17:59), or to the evening for the after-hours scenario.
 */
function contactsWithScenario(
  tx: postgres.TransactionSql,
  t: Tables,
  org: { business: string; timezone: string },
  from: number,
  to: number,
) {
  const s = t.scenarios;
  return tx`
    sc as (
      select * from unnest(${s.tag}::text[], ${s.intent}::text[], ${s.timing}::text[], ${s.status}::text[],
                           ${s.summary}::text[], ${s.memory}::text[], ${s.openItem}::text[], ${s.facts}::text[],
                           ${s.callLen}::int[], ${s.smsLen}::int[], ${s.afterHours}::int[])
             with ordinality as s(tag, intent, timing, status, summary, memory, open_item, facts,
                                  call_len, sms_len, after_hours, no)),
    p as (
      select i, (${FIRST}::text[])[1 + i % ${FIRST.length}] as first_name,
             (${LAST}::text[])[1 + (i / ${FIRST.length}) % ${LAST.length}] as last_name,
             i % 20 = 0 as anonymous,
             (${AREAS}::text[])[1 + i % ${AREAS.length}] as area,
             100000 + (i % 40) * 25000 as budget_n, 1100 + (i % 15) * 100 as rent_n, at0,
             extract(hour from at0 at time zone ${org.timezone})::int as hour
        from generate_series(${from}::int, ${to}::int) i,
             lateral (select now() - make_interval(mins => (i * 37) % 525600) as at0) spread),
    q as (
      select p.*, sc.*, p.at0 - make_interval(hours => (p.hour - case
               when sc.after_hours = 1 then 19 + p.hour % 4
               when p.hour between 9 and 17 then p.hour
               else 9 + p.hour % 9 end + 24) % 24) as at
        from p join sc on sc.no = case
          when p.anonymous then (${t.anonymous}::int[])[1 + (p.i / 20) % ${t.anonymous.length}]
          else (${t.named}::int[])[1 + (p.i * 7) % ${t.named.length}] end),
    v as (
      select q.*,
             case when q.anonymous then '' else q.first_name end as first,
             case when q.anonymous then '' else q.last_name end as last,
             case when q.anonymous then null else q.first_name || ' ' || q.last_name end as contact_name,
             case when q.anonymous then '' else q.first_name || ' ' || q.last_name end as name,
             (2 + (q.i * 3) % 60) || ' ' || (${STREETS}::text[])[1 + q.i % ${STREETS.length}] as street,
             q.budget_n::text as budgetnum, ${tx.unsafe(spoken("q.budget_n"))} as budget,
             ${tx.unsafe(spoken("(q.budget_n + 25000)"))} as price,
             q.rent_n::text as rentnum, to_char(q.rent_n, 'FM9,999') as rent,
             (1 + q.i % 4)::text as beds, (${AGENTS}::text[])[1 + q.i % ${AGENTS.length}] as agent,
             ${org.business}::text as business,
             to_char(later.day, 'FMDay') as day,
             (${JOURS}::text[])[1 + extract(dow from later.day)::int] as jour,
             to_char(date_trunc('month', q.at at time zone ${org.timezone}) + interval '2 months', 'FMMonth') as month
        from q, lateral (
          -- Two days after the call, never a Sunday (the office is closed).
          select (q.at at time zone ${org.timezone}) + case
                   when extract(dow from (q.at at time zone ${org.timezone}) + interval '2 days') = 0
                   then interval '3 days' else interval '2 days' end as day) later)`;
}

async function insertChunk(
  tx: postgres.TransactionSql,
  orgId: string,
  org: { business: string; timezone: string },
  t: Tables,
  from: number,
  to: number,
): Promise<number> {
  const id = (key: postgres.PendingQuery<postgres.Row[]>) => seedId(tx, key);
  const cte = contactsWithScenario(tx, t, org, from, to);
  const contactId = id(tx`${orgId} || ':' || v.i`);
  const conversationId = (n: postgres.PendingQuery<postgres.Row[]>) =>
    id(tx`${orgId} || ':c:' || v.i || ':' || ${n}`);
  // Contacts: names from two lists, one in 20 without a name (unknown callers); the first tag and the
  // lead fields follow the contact's scenario (a tenant's budget is a monthly rent), one in three
  // has a second tag; statuses are spread unless the conversation implies one; a last interaction
  // within the past year (one in 25 never); channels.
  await tx`
    with ${cte}
    insert into contacts (org_id, id, phone_e164, email, name, created_at, updated_at, last_interaction_at,
                          tags, lead_status, lead_fields, channels)
    select ${orgId}, ${contactId}, '+336' || lpad(v.i::text, 8, '0'),
           case when v.i % 3 = 0 then 'person' || v.i || '@example.com' end,
           v.contact_name, least(now() - make_interval(days => v.i % 700), v.at - interval '1 day 1 hour'), now(),
           case when v.i % 25 = 0 then null else v.at end,
           case when v.tag is null then '{}'::text[]
                else array_remove(array[v.tag, nullif(case when v.i % 3 = 0
                  then (${QUALIFIERS}::text[])[1 + (v.i / 3) % ${QUALIFIERS.length}] end, v.tag)], null) end,
           coalesce(v.status, (${STATUSES}::text[])[1 + v.i % ${STATUSES.length}]),
           jsonb_strip_nulls(jsonb_build_object(
             'buy_or_rent', v.intent,
             'budget', case v.intent when 'Buy' then v.budget_n when 'Rent' then v.rent_n end,
             'area', case when v.tag is not null then v.area end,
             'timing', v.timing,
             'bedrooms', case when v.intent is not null then 1 + v.i % 4 end)),
           case when v.i % 4 = 0 then array['voice'] else array['voice', 'sms'] end
      from v`;
  await tx`
    insert into contact_identities (org_id, kind, value, contact_id)
    select ${orgId}, 'phone', '+336' || lpad(i::text, 8, '0'), ${id(tx`${orgId} || ':' || i`)}
      from generate_series(${from}::int, ${to}::int) i`;
  // Two conversations per contact: the call (n = 0) and, the day before, an SMS thread (n = 1).
  await tx`
    with ${cte}
    insert into conversations (org_id, id, contact_id, channel, direction, status, status_rank, started_at,
                               ended_at, duration_seconds, ended_reason, cost, summary, summary_source,
                               last_message_at, created_at, updated_at)
    select ${orgId}, ${conversationId(tx`n`)}, ${contactId},
           case when n = 0 then 'voice' else 'sms' end, 'inbound', 'ended', 9,
           case when n = 0 then v.at else v.at - interval '1 day' end,
           case when n = 0 then v.at + make_interval(secs => v.call_len * 20 + v.i % 40)
                else v.at - interval '1 day' + make_interval(mins => (v.sms_len - 1) * 4) end,
           case when n = 0 then v.call_len * 20 + v.i % 40 end, case when n = 0 then 'customer-ended-call' end,
           case when n = 0 then 0.05 + (v.i % 30) / 100.0 end,
           case when n = 0 then ${fill(tx, "v.summary")} end,
           case when n = 0 then 'vapi' end,
           case when n = 0 then v.at + make_interval(secs => (v.call_len - 1) * 20)
                else v.at - interval '1 day' + make_interval(mins => (v.sms_len - 1) * 4) end,
           now(), now()
      from v, generate_series(0, 1) n`;
  // The scenario's turns: a call turn every 20 seconds, an SMS every 4 minutes.
  const messages = await tx`
    with ${cte},
    turns as (
      select * from unnest(${t.turns.no}::int[], ${t.turns.ch}::int[], ${t.turns.seq}::int[],
                           ${t.turns.role}::text[], ${t.turns.content}::text[]) as t(no, ch, seq, role, content))
    insert into messages (org_id, conversation_id, role, content, sent_at, seq, dedupe_key)
    select ${orgId}, ${conversationId(tx`turns.ch`)}, turns.role, ${fill(tx, "turns.content")},
           case when turns.ch = 0 then v.at + make_interval(secs => turns.seq * 20)
                else v.at - interval '1 day' + make_interval(mins => turns.seq * 4) end,
           turns.seq, 't:' || turns.seq
      from v join turns on turns.no = v.no`;
  await tx`
    with ${cte}
    insert into timeline_events (org_id, contact_id, conversation_id, kind, occurred_at, data, dedupe_key)
    select ${orgId}, ${contactId}, ${conversationId(tx`n`)},
           case when n = 0 then 'call.ended' else 'sms.thread' end,
           case when n = 0 then v.at else v.at - interval '1 day' end,
           '{}'::jsonb, 'seed:' || v.i || ':' || n
      from v, generate_series(0, 1) n`;
  // Memory for every other contact: what the call taught, its open item and its facts.
  await tx`
    with ${cte}
    insert into contact_memory (org_id, contact_id, summary, open_items, agent_brief, last_conversation_id)
    select ${orgId}, ${contactId}, ${fill(tx, "v.memory")},
           case when v.open_item is null then '[]'::jsonb
                else jsonb_build_array(jsonb_build_object('text', ${fill(tx, "v.open_item")},
                                                          'conversationId', ${conversationId(tx`0`)},
                                                          'createdAt', v.at)) end,
           jsonb_build_object('customerName', coalesce(v.contact_name, ''),
                              'customerSummary', ${fill(tx, "v.memory")},
                              'customerOpenItems', coalesce(${fill(tx, "v.open_item")}, ''),
                              'customerFacts', ${fill(tx, "v.facts")}),
           ${conversationId(tx`0`)}
      from v where v.i % 2 = 0`;
  await tx`
    with ${cte},
    facts as (
      select * from unnest(${t.facts.no}::int[], ${t.facts.key}::text[], ${t.facts.value}::text[])
               as f(no, key, value))
    insert into contact_facts (org_id, contact_id, key, value, conversation_id, source)
    select ${orgId}, ${contactId}, facts.key, ${fill(tx, "facts.value")}, ${conversationId(tx`0`)}, 'vapi'
      from v join facts on facts.no = v.no
     where v.i % 2 = 0`;
  return messages.count;
}
