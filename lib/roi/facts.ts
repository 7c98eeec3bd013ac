import "server-only";
import { sql } from "drizzle-orm";
import type { LearningLanguage } from "@/db/schema/learning";
import type { TenantTx } from "@/lib/db/scopes";
import { RESOLUTION_WINDOW_HOURS, type ConversationFacts } from "./classify";
import { askedAgain, type AskedQuestion } from "./same-question";

// The conversations of a range of local days with what the rollup needs to know of each: one
// loader for the rollup (rollup.ts) and the drill-down (drilldown-queries.ts), so the list of
// conversations behind a figure is read exactly as the figure was.

/** A booking or order tool: a succeeded `webhook_call` whose event names one (order.placed…). */
export const BOOKING_EVENT = "(book|order|appointment|reservation|viewing)";

export type LoadedConversation = ConversationFacts & {
  id: string;
  contactId: string | null;
  /** The local day it started on. */
  day: string;
};

type Row = Omit<ConversationFacts, "startedAt" | "followedUp"> & {
  id: string;
  contactId: string | null;
  startedAt: string | Date;
  day: string;
  /** Later conversations of the same contact within the resolution window. */
  followers: string[] | null;
};

/**
 * Conversations started from `from` to `to` (local days of `timezone`), Luneo's test events left
 * out, each with its day, whether a booking tool succeeded during it, Twilio's charges, and
 * whether its caller came back about the same question within the window.
 */
export async function loadConversations(
  tx: TenantTx,
  timezone: string,
  from: string,
  to: string,
): Promise<LoadedConversation[]> {
  const start = sql`(${from}::date::timestamp at time zone ${timezone})`;
  const end = sql`((${to}::date + 1)::timestamp at time zone ${timezone})`;
  const result = await tx.execute<Row>(sql`
    with booked as (
      -- Executions are written while the call runs: a day either side covers late deliveries.
      select distinct a.call_id from action_executions a
       where a.org_id = ${tx.orgId} and a.call_id is not null and a.status = 'succeeded'
         and a.action = 'webhook_call' and a.input ->> 'event' ~* ${BOOKING_EVENT}
         and a.created_at >= ${start} - interval '1 day' and a.created_at < ${end} + interval '1 day')
    select c.id, c.contact_id as "contactId", c.channel, c.direction, c.status,
           c.started_at as "startedAt",
           c.duration_seconds::float8 as "durationSeconds", c.cost::float8 as cost,
           c.ended_reason as "endedReason", c.structured_data as "structuredData",
           c.success_evaluation as "successEvaluation",
           to_char(c.started_at at time zone ${timezone}, 'YYYY-MM-DD') as day,
           (b.call_id is not null) as "toolBooking",
           coalesce(case when c.channel = 'voice'
             then (select t.amount from telephony_charges t
                    where t.org_id = c.org_id and t.sid = c.twilio_call_sid)
             else (select sum(t.amount) from messages m
                     join telephony_charges t on t.org_id = m.org_id and t.sid = substr(m.dedupe_key, 5)
                    where m.org_id = c.org_id and m.conversation_id = c.id and m.dedupe_key like 'sms:%')
           end, 0)::float8 as "telephonyCost",
           case when c.contact_id is not null then array(
              select n.id from conversations n
               where n.org_id = c.org_id and n.contact_id = c.contact_id and n.id <> c.id
                 and n.direction is distinct from 'outbound'
                 and n.started_at > c.started_at
                 and n.started_at <= c.started_at + make_interval(hours => ${RESOLUTION_WINDOW_HOURS}))
           end as followers
      from conversations c
      left join booked b on b.call_id = c.vapi_call_id
     where c.org_id = ${tx.orgId}
       -- Luneo's own test events (the Channels page's sample caller) are not the agent's work.
       and not exists (select 1 from contacts t
                        where t.org_id = c.org_id and t.id = c.contact_id and t.test_only)
       and c.started_at >= ${start} and c.started_at < ${end}`);
  const rows = result as unknown as Row[];
  const questions = await questionsOf(
    tx,
    rows.flatMap((r) => (r.followers?.length ? [r.id, ...r.followers] : [])),
  );
  return rows.map(({ followers, ...r }) => {
    const asked = questions.get(r.id) ?? [];
    return {
      ...r,
      startedAt: new Date(r.startedAt),
      followedUp: (followers ?? []).some((f) => askedAgain(asked, questions.get(f) ?? [])),
    };
  });
}

/** The learning signals' questions of some conversations, by conversation. */
async function questionsOf(tx: TenantTx, ids: readonly string[]) {
  const byConversation = new Map<string, AskedQuestion[]>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 5_000) {
    const chunk = unique.slice(i, i + 5_000);
    const rows = await tx.execute<AskedQuestion & { conversationId: string }>(sql`
      select conversation_id as "conversationId", question, language, gap_id as "gapId"
        from learning_signals
       where org_id = ${tx.orgId} and conversation_id = any(string_to_array(${chunk.join(",")}, ',')::uuid[])`);
    for (const r of rows as unknown as (AskedQuestion & { conversationId: string })[]) {
      const list = byConversation.get(r.conversationId) ?? [];
      list.push({ question: r.question, language: r.language as LearningLanguage, gapId: r.gapId });
      byConversation.set(r.conversationId, list);
    }
  }
  return byConversation;
}
