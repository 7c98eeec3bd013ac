import "server-only";
import { and, asc, between, eq, getTableColumns, gt, sql } from "drizzle-orm";
import { roiDailyRollups, roiSettingsVersions, type RoiDailyRollup } from "@/db/schema";
import { requirePermission } from "@/lib/auth/permissions";
import type { TenantContext } from "@/lib/context";
import { withTenant, type TenantTx } from "@/lib/db/scopes";
import { isFeatureEnabled } from "@/lib/flags/evaluate";
import { FLAGS } from "@/lib/flags/registry";
import { canonicalJson } from "@/lib/json";
import { learningAdoption, type LearningAdoption } from "./adoption";
import { roiAssumptionSetSchema, type RoiAssumptionSet } from "./assumptions";
import { addDays, daysBetween, monthOf, weekOf } from "./days";
import {
  formulaOf,
  INPUT_KEYS,
  LATEST_FORMULA,
  sumFigures,
  TERM_KEYS,
  sumInputs,
  type DayFigure,
  type InputKey,
  type RollupInputs,
  type RoiTerms,
} from "./formulas";
import { loadSetup, todayIn } from "./rollup";
import type { Granularity, RoiRange } from "./schemas";

// The overview's and the API's figures for a range: only the daily rollups (and the learning
// module's decided gaps for the adoption KPI), never the conversations.

export type RoiPoint = {
  period: string;
  inputs: RollupInputs;
  figure: DayFigure;
  /** The formula versions its days were computed with. */
  formulaVersions: number[];
};
/** A settings version that applied to some days of the range. */
export type AppliedSettings = {
  from: string;
  to: string;
  formulaVersion: number;
  formulaName: string;
  assumptions: RoiAssumptionSet;
};
export type RoiKpis = {
  resolutionRate: number | null;
  escalationRate: number | null;
  satisfaction: number | null;
  qualifiedLeadRate: number | null;
  roiPercent: number | null;
  costPer100: number | null;
  afterHoursShare: number | null;
  /** Days of the range's value that cover the range's cost. */
  paybackDays: number | null;
};

export type RoiReport = {
  range: RoiRange;
  timezone: string;
  currency: string;
  totals: RollupInputs;
  figure: DayFigure;
  kpis: RoiKpis;
  previous: { range: { from: string; to: string }; totals: RollupInputs; figure: DayFigure };
  series: RoiPoint[];
  applied: AppliedSettings[];
  /** The version pinned today, and the newest that exists. */
  pinned: { formulaVersion: number; effectiveFrom: string; assumptions: RoiAssumptionSet } | null;
  latestFormula: number;
  /** Rollups exist at all (the org's conversations have been counted at least once). */
  computed: boolean;
  /** Learning suggestions decided in the range (adoption.ts); null while learning is off. */
  adoption: LearningAdoption | null;
};

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

export function kpisOf(totals: RollupInputs, figure: DayFigure, days: number): RoiKpis {
  return {
    resolutionRate: ratio(totals.resolved, totals.conversations),
    escalationRate: ratio(totals.escalated, totals.conversations),
    satisfaction: ratio(totals.successful, totals.evaluated),
    qualifiedLeadRate: ratio(totals.qualifiedLeads, totals.conversations),
    roiPercent: figure.cost > 0 ? (figure.net / figure.cost) * 100 : null,
    costPer100:
      totals.conversations > 0
        ? Math.round((figure.cost / totals.conversations) * 10_000) / 100
        : null,
    afterHoursShare: ratio(totals.afterHoursCalls, totals.callsAnswered),
    paybackDays: figure.value > 0 && figure.cost > 0 ? (figure.cost / figure.value) * days : null,
  };
}

export const inputsOf = (row: Pick<RoiDailyRollup, InputKey>): RollupInputs =>
  Object.fromEntries(INPUT_KEYS.map((k) => [k, Number(row[k])])) as RollupInputs;

function bucketOf(day: string, granularity: Granularity) {
  if (granularity === "week") return weekOf(day);
  if (granularity === "month") return monthOf(day);
  return day;
}

/** A stored day as the report reads it: `assumptions` may come as the column's JSON text. */
export type DayRow = Pick<RoiDailyRollup, "day" | "formulaVersion" | "terms" | InputKey> & {
  assumptions: unknown;
};

/** Days grouped by period; a range's figure is the sum of its days' stored terms. */
export function seriesOf(rows: readonly DayRow[], granularity: Granularity): RoiPoint[] {
  const groups = new Map<string, DayRow[]>();
  for (const row of rows) {
    const key = bucketOf(row.day, granularity);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return [...groups.entries()].map(([period, days]) => ({
    period,
    inputs: sumInputs(days.map(inputsOf)),
    figure: sumFigures(days.map((d) => ({ terms: d.terms as RoiTerms }))),
    formulaVersions: [...new Set(days.map((d) => d.formulaVersion))],
  }));
}

const textOf = (json: unknown) => (typeof json === "string" ? json : canonicalJson(json));

/** Runs of days computed with the same formula and assumptions (compared as stored JSON text). */
export function appliedOf(rows: readonly DayRow[]): AppliedSettings[] {
  const out: AppliedSettings[] = [];
  let lastKey = "";
  for (const row of rows) {
    const key = `${row.formulaVersion}|${textOf(row.assumptions)}`;
    const last = out.at(-1);
    if (last && key === lastKey) {
      last.to = row.day;
      continue;
    }
    lastKey = key;
    const assumptions =
      typeof row.assumptions === "string" ? JSON.parse(row.assumptions) : row.assumptions;
    out.push({
      from: row.day,
      to: row.day,
      formulaVersion: row.formulaVersion,
      formulaName: formulaOf(row.formulaVersion).name,
      assumptions: roiAssumptionSetSchema.parse(assumptions),
    });
  }
  return out;
}

const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The inputs and terms of the days from `from` to `to`, summed by the database (one row). */
async function totalsOf(tx: TenantTx, from: string, to: string) {
  const inputs = INPUT_KEYS.map(
    (k) => sql`coalesce(sum(${sql.raw(snake(k))}), 0)::float8 as ${sql.identifier(k)}`,
  );
  const terms = TERM_KEYS.map(
    (k) => sql`coalesce(sum((terms ->> ${k})::numeric), 0)::float8 as ${sql.identifier(k)}`,
  );
  const [row] = (await tx.execute(sql`
    select ${sql.join([...inputs, ...terms], sql`, `)}
      from roi_daily_rollups
     where org_id = ${tx.orgId} and day between ${from} and ${to}`)) as unknown as Record<
    string,
    number
  >[];
  return {
    totals: sumInputs([inputsOf(row as unknown as DayRow)]),
    figure: sumFigures([{ terms: row as unknown as RoiTerms }]),
  };
}

/** Today in the org's time zone (the presets of the range picker count back from it). */
export async function getRoiToday(ctx: TenantContext): Promise<string> {
  requirePermission(ctx, "roi.read");
  return withTenant(ctx, async (tx) => todayIn((await loadSetup(tx)).timezone));
}

export async function getRoiReport(ctx: TenantContext, range: RoiRange): Promise<RoiReport> {
  requirePermission(ctx, "roi.read");
  // Behind the learning flag (lib/flags/registry.ts): off, the adoption KPI is not shown.
  const learning = await isFeatureEnabled(ctx.org.id, FLAGS.learning.key);
  return withTenant(ctx, async (tx) => {
    const { orgId } = tx;
    const setup = await loadSetup(tx);
    const days = daysBetween(range.from, range.to) + 1;
    const previous = { from: addDays(range.from, -days), to: addDays(range.from, -1) };
    // The range's days, their assumptions as the column's text (compared as text, parsed once
    // per run); the previous period only as totals.
    const {
      assumptions: _stored,
      orgId: _org,
      computedAt: _at,
      ...columns
    } = getTableColumns(roiDailyRollups);
    const current: DayRow[] = await tx
      .select({ ...columns, assumptions: sql<string>`${roiDailyRollups.assumptions}::text` })
      .from(roiDailyRollups)
      .where(
        and(eq(roiDailyRollups.orgId, orgId), between(roiDailyRollups.day, range.from, range.to)),
      )
      .orderBy(asc(roiDailyRollups.day));
    const before = await totalsOf(tx, previous.from, previous.to);
    const versions = await tx
      .select()
      .from(roiSettingsVersions)
      .where(eq(roiSettingsVersions.orgId, orgId))
      .orderBy(asc(roiSettingsVersions.effectiveFrom));
    const today = todayIn(setup.timezone);
    const inForce = versions.filter((v) => v.effectiveFrom <= today).at(-1) ?? versions[0];
    const [anyRow] = await tx
      .select({ day: roiDailyRollups.day })
      .from(roiDailyRollups)
      .where(and(eq(roiDailyRollups.orgId, orgId), gt(roiDailyRollups.conversations, 0)))
      .limit(1);
    const totals = sumInputs(current.map(inputsOf));
    const figure = sumFigures(current.map((d) => ({ terms: d.terms as RoiTerms })));
    const assumptions = inForce ? roiAssumptionSetSchema.parse(inForce.assumptions) : null;
    return {
      range,
      timezone: setup.timezone,
      currency: assumptions?.currency ?? setup.resolved?.roi.currency ?? "USD",
      totals,
      figure,
      kpis: kpisOf(totals, figure, days),
      previous: { range: previous, ...before },
      series: seriesOf(current, range.granularity),
      applied: appliedOf(current),
      pinned:
        inForce && assumptions
          ? {
              formulaVersion: inForce.formulaVersion,
              effectiveFrom: inForce.effectiveFrom,
              assumptions,
            }
          : null,
      latestFormula: LATEST_FORMULA.version,
      computed: Boolean(anyRow),
      adoption: learning ? await learningAdoption(tx, setup.timezone, range.from, range.to) : null,
    };
  });
}
