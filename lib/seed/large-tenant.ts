import postgres from "postgres";

// Bulk data for the scale benchmark, generated inside PostgreSQL (generate_series) in chunks so a
// progress bar can follow. Shapes mirror what ingestion writes: a contact with its phone identity,
// a call and an SMS thread per contact, five messages per conversation, a timeline entry per
// conversation, memory and two facts for half of the contacts.

const FIRST = [
  "Camille",
  "Louis",
  "Emma",
  "Hugo",
  "Léa",
  "Jules",
  "Chloé",
  "Lucas",
  "Manon",
  "Gabriel",
  "Inès",
  "Arthur",
  "Jade",
  "Nathan",
  "Alice",
  "Noah",
  "Zoé",
  "Ethan",
  "Sarah",
  "Paul",
  "Olivia",
  "Liam",
  "Mia",
  "Adam",
  "Ava",
  "Sam",
  "Nina",
  "Tom",
  "Lily",
  "Max",
];
const LAST = [
  "Martin",
  "Bernard",
  "Dubois",
  "Thomas",
  "Robert",
  "Richard",
  "Petit",
  "Durand",
  "Leroy",
  "Moreau",
  "Simon",
  "Laurent",
  "Lefebvre",
  "Michel",
  "Garcia",
  "David",
  "Bertrand",
  "Roux",
  "Vincent",
  "Fournier",
  "Morel",
  "Girard",
  "Andre",
  "Mercier",
  "Dupont",
  "Lambert",
  "Bonnet",
  "Francois",
  "Martinez",
  "Legrand",
];
export const AREAS = [
  "Harbour",
  "Old Town",
  "Seafront",
  "Hillside",
  "Station",
  "Marina",
  "Parkside",
  "Riverside",
];
const TAGS = [
  "buyer",
  "seller",
  "tenant",
  "landlord",
  "vip",
  "investor",
  "first-time",
  "relocating",
];
const STATUSES = ["new", "contacted", "qualified", "customer", "lost"];

/** The phone of generated contact number `i` (French mobiles: 06 00 00 00 01 …). */
export const largePhone = (i: number) => `+336${String(i).padStart(8, "0")}`;

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
): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    for (let from = 1; from <= contacts; from += chunk) {
      const to = Math.min(from + chunk - 1, contacts);
      await sql.begin(async (tx) => {
        await tx`set local role luneo_system`;
        await insertChunk(tx, orgId, from, to);
      });
      progress(to, contacts, "contacts");
    }
    await sql`analyze contacts, contact_identities, conversations, messages, timeline_events, contact_memory, contact_facts`;
  } finally {
    await sql.end({ timeout: 5 });
  }
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

async function insertChunk(tx: postgres.TransactionSql, orgId: string, from: number, to: number) {
  const id = (key: postgres.PendingQuery<postgres.Row[]>) => seedId(tx, key);
  // Contacts: names from two lists, two different tags, one in 20 without a name (unknown callers), tags, statuses,
  // lead fields, a last interaction within the past year (one in 25 never), channels.
  await tx`
    insert into contacts (org_id, id, phone_e164, email, name, created_at, updated_at, last_interaction_at,
                          tags, lead_status, lead_fields, channels)
    select ${orgId}, ${id(tx`${orgId} || ':' || i`)}, '+336' || lpad(i::text, 8, '0'),
           case when i % 3 = 0 then 'person' || i || '@example.com' end,
           case when i % 20 = 0 then null
                else (${FIRST}::text[])[1 + i % ${FIRST.length}] || ' ' || (${LAST}::text[])[1 + (i / ${FIRST.length}) % ${LAST.length}] end,
           now() - make_interval(days => i % 700), now(),
           case when i % 25 = 0 then null else now() - make_interval(mins => (i * 37) % 525600) end,
           array[(${TAGS}::text[])[1 + i % ${TAGS.length}], (${TAGS}::text[])[1 + (i + 1 + (i / 7) % ${TAGS.length - 1}) % ${TAGS.length}]],
           (${STATUSES}::text[])[1 + i % ${STATUSES.length}],
           jsonb_build_object('budget', 100000 + (i % 40) * 25000, 'area', (${AREAS}::text[])[1 + i % ${AREAS.length}]),
           case when i % 4 = 0 then array['voice'] else array['voice', 'sms'] end
      from generate_series(${from}::int, ${to}::int) i`;
  await tx`
    insert into contact_identities (org_id, kind, value, contact_id)
    select ${orgId}, 'phone', '+336' || lpad(i::text, 8, '0'), ${id(tx`${orgId} || ':' || i`)}
      from generate_series(${from}::int, ${to}::int) i`;
  // Two conversations per contact: a call and an SMS thread (n = 0, 1).
  await tx`
    insert into conversations (org_id, id, contact_id, channel, direction, status, status_rank, started_at,
                               ended_at, duration_seconds, ended_reason, cost, summary, summary_source,
                               last_message_at, created_at, updated_at)
    select ${orgId}, ${id(tx`${orgId} || ':c:' || i || ':' || n`)}, ${id(tx`${orgId} || ':' || i`)},
           case when n = 0 then 'voice' else 'sms' end, 'inbound', 'ended', 9,
           now() - make_interval(mins => (i * 37) % 525600 + n * 1440),
           now() - make_interval(mins => (i * 37) % 525600 + n * 1440 - 3),
           case when n = 0 then 60 + i % 400 end, case when n = 0 then 'customer-ended-call' end,
           case when n = 0 then 0.05 + (i % 30) / 100.0 end,
           case when n = 0 then 'Caller asked about a viewing in ' || (${AREAS}::text[])[1 + i % ${AREAS.length}] || ' and gave a budget.' end,
           case when n = 0 then 'vapi' end,
           now() - make_interval(mins => (i * 37) % 525600 + n * 1440 - 3), now(), now()
      from generate_series(${from}::int, ${to}::int) i, generate_series(0, 1) n`;
  // Five messages per conversation: 100k contacts → 1,000,000 messages.
  await tx`
    insert into messages (org_id, conversation_id, role, content, sent_at, seq, dedupe_key)
    select ${orgId}, ${id(tx`${orgId} || ':c:' || i || ':' || n`)},
           case when s % 2 = 0 then 'user' else 'assistant' end,
           case when s % 2 = 0 then 'Hello, I am looking for a place in ' || (${AREAS}::text[])[1 + i % ${AREAS.length}] || ', turn ' || s
                else 'Of course. What budget do you have in mind? (turn ' || s || ')' end,
           now() - make_interval(mins => (i * 37) % 525600 + n * 1440 - s), s, 't:' || s
      from generate_series(${from}::int, ${to}::int) i, generate_series(0, 1) n, generate_series(0, 4) s`;
  await tx`
    insert into timeline_events (org_id, contact_id, conversation_id, kind, occurred_at, data, dedupe_key)
    select ${orgId}, ${id(tx`${orgId} || ':' || i`)}, ${id(tx`${orgId} || ':c:' || i || ':' || n`)},
           case when n = 0 then 'call.ended' else 'sms.thread' end,
           now() - make_interval(mins => (i * 37) % 525600 + n * 1440),
           '{}'::jsonb, 'seed:' || i || ':' || n
      from generate_series(${from}::int, ${to}::int) i, generate_series(0, 1) n`;
  // Memory for every other contact: a summary, an open item, two facts from the call.
  await tx`
    insert into contact_memory (org_id, contact_id, summary, open_items, agent_brief, last_conversation_id)
    select ${orgId}, ${id(tx`${orgId} || ':' || i`)},
           'Looking to buy in ' || (${AREAS}::text[])[1 + i % ${AREAS.length}] || '; budget around ' || (100000 + (i % 40) * 25000) || '.',
           jsonb_build_array(jsonb_build_object('text', 'Call back about the viewing', 'conversationId', ${id(tx`${orgId} || ':c:' || i || ':0'`)}, 'createdAt', now())),
           jsonb_build_object('customerSummary', 'Looking to buy in ' || (${AREAS}::text[])[1 + i % ${AREAS.length}],
                              'customerOpenItems', 'Call back about the viewing',
                              'customerFacts', 'budget: ' || (100000 + (i % 40) * 25000)),
           ${id(tx`${orgId} || ':c:' || i || ':0'`)}
      from generate_series(${from}::int, ${to}::int) i where i % 2 = 0`;
  await tx`
    insert into contact_facts (org_id, contact_id, key, value, conversation_id, source)
    select ${orgId}, ${id(tx`${orgId} || ':' || i`)}, f.key,
           case when f.key = 'budget' then (100000 + (i % 40) * 25000)::text
                else (${AREAS}::text[])[1 + i % ${AREAS.length}] end,
           ${id(tx`${orgId} || ':c:' || i || ':0'`)}, 'vapi'
      from generate_series(${from}::int, ${to}::int) i, (values ('budget'), ('area')) f(key)
     where i % 2 = 0`;
}
