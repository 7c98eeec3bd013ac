import { sql } from "drizzle-orm";
import type { TenantContext } from "@/lib/context";
import { withTenant, type TenantTx } from "@/lib/db/scopes";
import { evaluateOrgHealth } from "@/lib/health/evaluate";
import { rollupUptime } from "@/lib/health/uptime/rollup";

// The demo org's health history: 90 days of Luneo processing measured (the one component that
// applies before a line is connected), one short slowdown nine days ago that opened an incident,
// and that incident's timeline from the automatic opening to the postmortem, as an admin would
// have written it. Written directly with past timestamps (the services write "now").

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export async function seedDemoHealth(ctx: TenantContext, authorId: string): Promise<void> {
  const now = Date.now();
  const today = new Date(now);
  today.setUTCHours(0, 0, 0, 0);
  const began = new Date(today.getTime() - 89 * DAY + 9 * 60 * MINUTE);
  const slowFrom = new Date(today.getTime() - 9 * DAY + 14 * 60 * MINUTE + 2 * MINUTE);
  const slowTo = new Date(slowFrom.getTime() + 34 * MINUTE);
  const blipFrom = new Date(today.getTime() - 37 * DAY + 11 * 60 * MINUTE);
  const blipTo = new Date(blipFrom.getTime() + 3 * MINUTE);
  const at = (d: Date, minutes: number) => new Date(d.getTime() + minutes * MINUTE);

  await withTenant(ctx, async (tx) => {
    const periods: [string, Date, Date | null, string][] = [
      ["operational", began, blipFrom, "Events are processed as they arrive."],
      [
        "degraded_performance",
        blipFrom,
        blipTo,
        "The oldest event has waited 1 min to be processed.",
      ],
      ["operational", blipTo, slowFrom, "Events are processed as they arrive."],
      [
        "degraded_performance",
        slowFrom,
        at(slowFrom, 12),
        "The oldest event has waited 2 min to be processed.",
      ],
      [
        "partial_outage",
        at(slowFrom, 12),
        at(slowFrom, 21),
        "The oldest event has waited 6 min to be processed; 3 events failed in the last 15 minutes.",
      ],
      [
        "degraded_performance",
        at(slowFrom, 21),
        slowTo,
        "The oldest event has waited 1 min to be processed.",
      ],
      ["operational", slowTo, null, "Events are processed as they arrive."],
    ];
    for (const [status, from, to, reason] of periods) {
      await tx.execute(sql`insert into component_status_periods
        (org_id, component, status, reason, started_at, ended_at)
        values (${tx.orgId}, 'processing', ${status}, ${reason}, ${from.toISOString()}, ${to?.toISOString() ?? null})`);
    }
    const [incident] = (await tx.execute(sql`insert into incidents
        (org_id, origin, component, title, status, impact, postmortem, started_at, resolved_at)
        values (${tx.orgId}, 'automatic', 'processing', 'Luneo processing: degraded performance',
                'resolved', 'partial_outage', ${POSTMORTEM}, ${slowFrom.toISOString()},
                ${at(slowTo, 10).toISOString()})
        returning id`)) as unknown as [{ id: string }];
    const updates: [string, Date, string | null, string][] = [
      [
        "investigating",
        at(slowFrom, 5),
        null,
        "The oldest event has waited 2 min to be processed.",
      ],
      [
        "identified",
        at(slowFrom, 17),
        authorId,
        "Call reports from this afternoon's open-house campaign are queuing behind a nightly contact import that started early. Calls are answered normally; summaries and timelines are late.",
      ],
      [
        "monitoring",
        at(slowFrom, 29),
        authorId,
        "The import finished and the queue is draining. Late call summaries are appearing on the contacts' timelines.",
      ],
      [
        "resolved",
        at(slowTo, 10),
        null,
        "Luneo processing has been operational since 14:36 UTC. Events are processed as they arrive.",
      ],
    ];
    for (const [status, createdAt, author, body] of updates) {
      await tx.execute(sql`insert into incident_updates (org_id, incident_id, status, body, author_id, created_at)
        values (${tx.orgId}, ${incident.id}, ${status}, ${body}, ${author}, ${createdAt.toISOString()})`);
    }
    await seedChannelComponents(tx, today);
    // Its public status page is on, so /status/<slug> can be seen (no alert webhook).
    await tx.execute(sql`insert into health_settings (org_id, status_page_enabled)
      values (${tx.orgId}, true) on conflict (org_id) do update set status_page_enabled = true`);
    // The uptime bars read the daily rollup: fill its 90 days from the periods just written.
    await rollupUptime(tx);
  });
  // Today's statuses and reasons from the seeded webhook history, as the minute's job would.
  await evaluateOrgHealth(ctx.org.id);
}

const CHANNEL_COMPONENTS = ["phone", "sms", "vapi", "agent", "ai_providers", "credentials"];

/**
 * The line's components since it was connected 30 days ago (lib/seed/demo-channels.ts): operational
 * but for one afternoon four days ago when the agent could not answer for 25 minutes (an automatic
 * incident, opened and resolved by Luneo itself).
 */
async function seedChannelComponents(tx: TenantTx, today: Date) {
  const connected = new Date(today.getTime() - 30 * DAY + 10 * 60 * MINUTE);
  const from = new Date(today.getTime() - 4 * DAY + 15 * 60 * MINUTE + 20 * MINUTE);
  const to = new Date(from.getTime() + 25 * MINUTE);
  const at = (d: Date, minutes: number) => new Date(d.getTime() + minutes * MINUTE);
  for (const component of CHANNEL_COMPONENTS) {
    const spans: [string, Date, Date | null, string][] =
      component === "agent"
        ? [
            ["operational", connected, from, "Calls ended normally."],
            [
              "partial_outage",
              from,
              to,
              "3 of 9 calls in the last 15 minutes ended because the agent could not answer (assistant-request-failed).",
            ],
            ["operational", to, null, "Calls ended normally."],
          ]
        : [["operational", connected, null, "Measured since the line was connected."]];
    for (const [status, start, end, reason] of spans) {
      await tx.execute(sql`insert into component_status_periods
        (org_id, component, status, reason, started_at, ended_at)
        values (${tx.orgId}, ${component}, ${status}, ${reason}, ${start.toISOString()}, ${end?.toISOString() ?? null})`);
    }
  }
  const [incident] = (await tx.execute(sql`insert into incidents
      (org_id, origin, component, title, status, impact, started_at, resolved_at)
      values (${tx.orgId}, 'automatic', 'agent', 'Agent answering calls: partial outage',
              'resolved', 'partial_outage', ${from.toISOString()}, ${at(to, 15).toISOString()})
      returning id`)) as unknown as [{ id: string }];
  const updates: [string, Date, string][] = [
    [
      "investigating",
      at(from, 5),
      "3 of 9 calls in the last 15 minutes ended because the agent could not answer (assistant-request-failed).",
    ],
    [
      "resolved",
      at(to, 15),
      `Agent answering calls has been operational since ${to.toISOString().slice(11, 16)} UTC. 6 calls ended normally in the last 15 minutes.`,
    ],
  ];
  for (const [status, createdAt, body] of updates) {
    await tx.execute(sql`insert into incident_updates (org_id, incident_id, status, body, created_at)
      values (${tx.orgId}, ${incident.id}, ${status}, ${body}, ${createdAt.toISOString()})`);
  }
}

const POSTMORTEM = `What happened: a 2,400-row contact import from the office's old CRM was started at 14:00, during the open-house follow-up calls. Imported rows and call reports share the processing workers, so call summaries waited up to six minutes and three reports failed once before their retry succeeded.

Impact: no call went unanswered; summaries and timelines of 41 calls were late by up to 20 minutes. No data was lost.

What changes: the office runs large imports after 18:00, outside call hours, and the owners and admins are emailed by Luneo whenever processing stays degraded for more than five minutes (as they were this time).`;
