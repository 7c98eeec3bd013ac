import "server-only";
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { TenantTx } from "@/lib/db/scopes";

// The weeks of the weekly report: ISO weeks (Monday to Monday) on the org's own clock, written as
// in the page's address, "2026-W49". PostgreSQL does the calendar: the ISO year, week 53, and the
// org's time zone with its daylight-saving changes.

export const reportWeekSchema = z
  .string()
  .regex(/^\d{4}-W\d{2}$/, "Write the week as year and ISO week, like 2026-W49.");

export type ReportWeek = {
  week: string;
  /** The org's Monday 00:00 and the next Monday 00:00, as instants. */
  start: Date;
  end: Date;
  previous: string;
  /** Null when the next week has not begun yet on the org's clock. */
  next: string | null;
  timeZone: string;
  /** Whether the week is still going on. */
  current: boolean;
};

const ISO_WEEK = `IYYY-"W"IW`;

/**
 * The org's week `week`, or its current week; null when `week` names no week (2025-W53) or one
 * that has not begun yet.
 */
export async function reportWeek(
  tx: TenantTx,
  week?: string,
  now = new Date(),
): Promise<ReportWeek | null> {
  const [row] = await tx.execute<{
    monday_week: string;
    start: string;
    end: string;
    previous: string;
    next: string;
    now_week: string;
    time_zone: string;
  }>(sql`
    with org as (
      select timezone as tz,
             to_char(${now.toISOString()}::timestamptz at time zone timezone, ${ISO_WEEK}) as now_week
        from orgs where id = ${tx.orgId}
    ), monday as (
      select to_date(replace(coalesce(${week ?? null}::text, org.now_week), 'W', '') || '-1',
                     'IYYY-IW-ID') as d
        from org
    )
    select to_char(d, ${ISO_WEEK}) as monday_week,
           (d::timestamp at time zone tz) as start,
           ((d + 7)::timestamp at time zone tz) as "end",
           to_char(d - 7, ${ISO_WEEK}) as previous,
           to_char(d + 7, ${ISO_WEEK}) as next,
           now_week, tz as time_zone
      from org, monday`);
  if (!row) return null;
  // to_date rolls an impossible week over into the next year: such a week does not exist.
  if (week !== undefined && row.monday_week !== week) return null;
  // A week that has not begun on the org's clock has nothing to report yet.
  if (row.monday_week > row.now_week) return null;
  const current = row.monday_week === row.now_week;
  return {
    week: row.monday_week,
    start: new Date(row.start),
    end: new Date(row.end),
    previous: row.previous,
    next: current ? null : row.next,
    timeZone: row.time_zone,
    current,
  };
}

/** The weeks that have a report, latest first: from the org's first signal to this week. */
export async function reportWeeks(tx: TenantTx, limit = 26): Promise<string[]> {
  const rows = await tx.execute<{ week: string }>(sql`
    with org as (select timezone as tz from orgs where id = ${tx.orgId}),
    first as (
      select min(occurred_at) as at from learning_signals where org_id = ${tx.orgId}
    )
    select to_char(d, ${ISO_WEEK}) as week
      from org, first,
           generate_series(
             date_trunc('week', now() at time zone org.tz),
             date_trunc('week', coalesce(first.at, now()) at time zone org.tz),
             interval '-7 days'
           ) as d
     limit ${limit}`);
  return rows.map((r) => r.week);
}
