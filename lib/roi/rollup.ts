import "server-only";
import { asc, eq, max, min, sql } from "drizzle-orm";
import {
  orgs,
  orgVerticals,
  roiDailyRollups,
  roiRefreshState,
  roiSettingsVersions,
  type RoiSettingsVersion,
} from "@/db/schema";
import type { TenantTx } from "@/lib/db/scopes";
import type { VerticalContent } from "@/lib/verticals/content";
import {
  assumptionsFromTrade,
  EMPTY_ASSUMPTIONS,
  qualificationKeysOf,
  roiAssumptionSetSchema,
  type RoiAssumptionSet,
} from "./assumptions";
import { loadConversations } from "./facts";
import {
  localDay,
  RESOLUTION_WINDOW_DAYS,
  rollupDay,
  type ConversationFacts,
  type DayContext,
} from "./classify";
import { addDays, eachDay, runsOf } from "./days";
import { computeDay, formulaOf, LATEST_FORMULA } from "./formulas";

// The daily rollups (docs/architecture.md, "ROI"): each local day of an org is recomputed whole
// from its conversations, so recomputing gives the same row and the order events arrived in does
// not matter. All of it runs in the caller's tenant transaction.

/** Days recomputed per statement: a year's backfill reads a month at a time. */
const CHUNK_DAYS = 31;
/** The refresh also rereads what changed this long before its watermark (late commits). */
const WATERMARK_MARGIN = "15 minutes";

export type OrgRollupSetup = DayContext & { slug: string | null; resolved: VerticalContent | null };

export async function loadSetup(tx: TenantTx): Promise<OrgRollupSetup> {
  const { orgId } = tx;
  const [row] = await tx
    .select({
      timezone: orgs.timezone,
      slug: orgVerticals.templateSlug,
      resolved: orgVerticals.resolved,
    })
    .from(orgs)
    .leftJoin(orgVerticals, eq(orgVerticals.orgId, orgs.id))
    .where(eq(orgs.id, orgId));
  const resolved = (row?.resolved ?? null) as VerticalContent | null;
  return {
    timezone: row?.timezone ?? "UTC",
    slug: row?.slug ?? null,
    resolved,
    hours: resolved?.hours ?? null,
    qualificationKeys: qualificationKeysOf(resolved),
  };
}

export const todayIn = (timezone: string) => localDay(new Date(), timezone);

/**
 * The org's settings versions, oldest first. An org that has none gets its first one here, from
 * its trade's figures and the latest formula, so every computed day has a version to name.
 */
export async function settingsVersions(
  tx: TenantTx,
  setup: OrgRollupSetup,
): Promise<RoiSettingsVersion[]> {
  const { orgId } = tx;
  const read = () =>
    tx
      .select()
      .from(roiSettingsVersions)
      .where(eq(roiSettingsVersions.orgId, orgId))
      .orderBy(asc(roiSettingsVersions.effectiveFrom));
  const rows = await read();
  if (rows.length > 0) return rows;
  const assumptions = setup.resolved
    ? assumptionsFromTrade(setup.resolved.roi, setup.slug)
    : EMPTY_ASSUMPTIONS;
  await tx
    .insert(roiSettingsVersions)
    .values({
      orgId,
      effectiveFrom: todayIn(setup.timezone),
      formulaVersion: LATEST_FORMULA.version,
      assumptions,
      source: "template",
    })
    .onConflictDoNothing();
  return read();
}

/** The version in force on `day`: the latest that started on or before it; the first covers earlier days. */
export function versionInForce<V extends { effectiveFrom: string }>(
  versions: readonly V[],
  day: string,
): V {
  let found = versions[0]!;
  for (const v of versions) if (v.effectiveFrom <= day) found = v;
  return found;
}

export function assumptionsOf(version: { assumptions: Record<string, unknown> }): RoiAssumptionSet {
  return roiAssumptionSetSchema.parse(version.assumptions);
}

/** Conversations started from `from` to `to` (local days), by local day. */
async function conversationsOf(tx: TenantTx, timezone: string, from: string, to: string) {
  const byDay = new Map<string, ConversationFacts[]>();
  for (const c of await loadConversations(tx, timezone, from, to)) {
    const list = byDay.get(c.day) ?? [];
    list.push(c);
    byDay.set(c.day, list);
  }
  return byDay;
}

/** Recomputes every day from `from` to `to` (never past today) and writes their rows. */
export async function recomputeRange(
  tx: TenantTx,
  setup: OrgRollupSetup,
  from: string,
  to: string,
): Promise<number> {
  const today = todayIn(setup.timezone);
  const last = to > today ? today : to;
  if (from > last) return 0;
  const versions = await settingsVersions(tx, setup);
  let written = 0;
  for (let start = from; start <= last; start = addDays(start, CHUNK_DAYS)) {
    const end = addDays(start, CHUNK_DAYS - 1) < last ? addDays(start, CHUNK_DAYS - 1) : last;
    const byDay = await conversationsOf(tx, setup.timezone, start, end);
    const rows = eachDay(start, end).map((day) => {
      const inputs = rollupDay(byDay.get(day) ?? [], setup);
      const version = versionInForce(versions, day);
      const assumptions = assumptionsOf(version);
      const figure = computeDay(formulaOf(version.formulaVersion), inputs, assumptions);
      return {
        orgId: tx.orgId,
        day,
        ...inputs,
        formulaVersion: version.formulaVersion,
        settingsFrom: version.effectiveFrom,
        assumptions,
        terms: figure.terms,
        value: figure.value,
        cost: figure.cost,
        net: figure.net,
      };
    });
    await tx
      .insert(roiDailyRollups)
      .values(rows)
      .onConflictDoUpdate({
        target: [roiDailyRollups.orgId, roiDailyRollups.day],
        set: Object.fromEntries(
          [...Object.keys(rows[0]!).filter((k) => k !== "orgId" && k !== "day"), "computedAt"].map(
            (k) => [k, sql.raw(`excluded.${snake(k)}`)],
          ),
        ),
      });
    written += rows.length;
  }
  return written;
}

const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Serialises the rollup work of one org (the refresh job, the backfill, a settings change). */
export async function lockRollups(tx: TenantTx) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`${tx.orgId}:roi`}, 0))`);
}

/** The first local day with a conversation, or null. */
async function firstDay(tx: TenantTx, timezone: string): Promise<string | null> {
  const [row] = await tx.execute<{ day: string | null }>(sql`
    select to_char(min(started_at) at time zone ${timezone}, 'YYYY-MM-DD') as day
      from conversations where org_id = ${tx.orgId}`);
  return (row as { day: string | null } | undefined)?.day ?? null;
}

/** Recomputes every day from the org's first conversation (or `from`) to today. */
export async function backfillOrg(tx: TenantTx, from?: string): Promise<number> {
  await lockRollups(tx);
  const setup = await loadSetup(tx);
  const today = todayIn(setup.timezone);
  const start = from ?? (await firstDay(tx, setup.timezone)) ?? today;
  const written = await recomputeRange(tx, setup, start, today);
  await markRefreshed(tx);
  return written;
}

async function markRefreshed(tx: TenantTx) {
  await tx
    .insert(roiRefreshState)
    .values({ orgId: tx.orgId, refreshedThrough: sql`now()` })
    .onConflictDoUpdate({ target: roiRefreshState.orgId, set: { refreshedThrough: sql`now()` } });
}

/**
 * The incremental refresh (the `roi.refresh` job): recomputes the days of conversations changed
 * since the last refresh, with the resolution window's days before them (a new call can undo an
 * earlier conversation's "resolved"), and every day since the last row up to today. The first
 * refresh of an org is a backfill.
 */
export async function refreshOrg(tx: TenantTx): Promise<number> {
  await lockRollups(tx);
  const { orgId } = tx;
  const [state] = await tx
    .select({ through: roiRefreshState.refreshedThrough })
    .from(roiRefreshState)
    .where(eq(roiRefreshState.orgId, orgId));
  if (!state) return backfillOrg(tx);
  const setup = await loadSetup(tx);
  const since = sql`${state.through.toISOString()}::timestamptz - ${WATERMARK_MARGIN}::interval`;
  // What changed: conversations, and two facts kept beside them that say what a conversation
  // counts for — its learning signals (the same question asked again) and the agent's tool runs
  // (a booking). Signals and runs are written within days of their call: the bounds on
  // occurred_at / created_at keep those reads on their indexes.
  const changed = await tx.execute<{ day: string }>(sql`
    select distinct to_char(c.started_at at time zone ${setup.timezone}, 'YYYY-MM-DD') as day
      from conversations c
     where c.org_id = ${orgId} and c.started_at is not null
       and c.id in (
         select id from conversations where org_id = ${orgId} and updated_at >= ${since}
         union
         select s.conversation_id from learning_signals s
          where s.org_id = ${orgId} and s.occurred_at >= ${since} - interval '7 days'
            and s.created_at >= ${since}
         union
         select n.id from action_executions a
           join conversations n on n.org_id = a.org_id and n.vapi_call_id = a.call_id
          where a.org_id = ${orgId} and a.created_at >= ${since} - interval '2 days'
            and a.finished_at >= ${since})`);
  const [bounds] = await tx
    .select({ first: min(roiDailyRollups.day), last: max(roiDailyRollups.day) })
    .from(roiDailyRollups)
    .where(eq(roiDailyRollups.orgId, orgId));
  const today = todayIn(setup.timezone);
  const days = new Set<string>();
  for (const { day } of changed as unknown as { day: string }[]) {
    for (let k = 0; k <= RESOLUTION_WINDOW_DAYS; k++) days.add(addDays(day, -k));
  }
  // Nothing before the first counted day (quiet days before an org's first call have no row)…
  const first = bounds?.first ?? today;
  for (const d of days) if (d < first) days.delete(d);
  // A conversation older than every row (an import, a late report) fills the days up to them.
  for (const { day } of changed as unknown as { day: string }[]) {
    if (day < first) for (const d of eachDay(day, first)) days.add(d);
  }
  // …and every day since the last row, up to today.
  if (bounds?.last) for (const d of eachDay(addDays(bounds.last, 1), today)) days.add(d);
  else days.add(today);
  let written = 0;
  for (const run of runsOf(days)) written += await recomputeRange(tx, setup, run.from, run.to);
  await markRefreshed(tx);
  return written;
}

/** Recomputes from `day` to today (a settings change takes effect on its day). */
export async function recomputeFrom(tx: TenantTx, day: string): Promise<number> {
  await lockRollups(tx);
  const setup = await loadSetup(tx);
  return recomputeRange(tx, setup, day, todayIn(setup.timezone));
}
