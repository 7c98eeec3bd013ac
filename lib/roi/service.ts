import "server-only";
import { roiSettingsVersions } from "@/db/schema";
import { requirePermission } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import { systemContext, type TenantContext } from "@/lib/context";
import { withTenant, type TenantTx } from "@/lib/db/scopes";
import type { RoiAssumptions } from "@/lib/verticals/content";
import {
  assumptionsOf,
  backfillOrg,
  loadSetup,
  recomputeFrom,
  refreshOrg,
  settingsVersions,
  todayIn,
  versionInForce,
} from "./rollup";
import type { RoiAssumptionSet } from "./assumptions";
import { outcomeSourceOf } from "./assumptions";
import { formulaOf } from "./formulas";
import type { RoiSettingsInput } from "./schemas";

// The ROI module's writes. A change of assumptions or formula is a new settings version from
// today (the org's local day): earlier days keep the version they were computed with.

type Source = "wizard" | "settings" | "formula";

/**
 * Writes today's settings version (replacing one written earlier today) and recomputes today's
 * row. Inside the caller's tenant transaction; the caller audits.
 */
async function putTodaysVersion(
  tx: TenantTx,
  ctx: TenantContext,
  change: (current: { formulaVersion: number; assumptions: RoiAssumptionSet }) => {
    formulaVersion: number;
    assumptions: RoiAssumptionSet;
  },
  source: Source,
) {
  const setup = await loadSetup(tx);
  const today = todayIn(setup.timezone);
  const versions = await settingsVersions(tx, setup);
  const current = versionInForce(versions, today);
  const next = change({
    formulaVersion: current.formulaVersion,
    assumptions: assumptionsOf(current),
  });
  const values = {
    formulaVersion: next.formulaVersion,
    assumptions: next.assumptions,
    source,
    createdBy: ctx.actor.type === "user" ? ctx.actor.userId : null,
  };
  await tx
    .insert(roiSettingsVersions)
    .values({ orgId: tx.orgId, effectiveFrom: today, ...values })
    .onConflictDoUpdate({
      target: [roiSettingsVersions.orgId, roiSettingsVersions.effectiveFrom],
      set: { ...values, createdAt: new Date() },
    });
  await recomputeFrom(tx, today);
  return { effectiveFrom: today, formulaVersion: next.formulaVersion };
}

const changedFields = (a: RoiAssumptionSet, b: RoiAssumptionSet) =>
  (Object.keys(b) as (keyof RoiAssumptionSet)[]).filter((k) => a[k] !== b[k]);

/** Settings → ROI: new assumptions from today. */
export async function saveRoiSettings(ctx: TenantContext, input: RoiSettingsInput) {
  requirePermission(ctx, "roi.write");
  return withTenant(ctx, async (tx) => {
    let fields: string[] = [];
    const saved = await putTodaysVersion(
      tx,
      ctx,
      (current) => {
        fields = changedFields(current.assumptions, input);
        return { formulaVersion: current.formulaVersion, assumptions: input };
      },
      "settings",
    );
    await recordAudit(tx, ctx, {
      action: "roi.assumptions_saved",
      targetType: "roi_settings",
      targetId: saved.effectiveFrom,
      metadata: { effectiveFrom: saved.effectiveFrom, fields },
    });
    return saved;
  });
}

/** Adopts another formula version from today, with the assumptions in force. */
export async function adoptFormula(ctx: TenantContext, version: number) {
  requirePermission(ctx, "roi.write");
  formulaOf(version);
  return withTenant(ctx, async (tx) => {
    let previous = 0;
    const saved = await putTodaysVersion(
      tx,
      ctx,
      (current) => {
        previous = current.formulaVersion;
        return { formulaVersion: version, assumptions: current.assumptions };
      },
      "formula",
    );
    await recordAudit(tx, ctx, {
      action: "roi.formula_adopted",
      targetType: "roi_settings",
      targetId: saved.effectiveFrom,
      metadata: { effectiveFrom: saved.effectiveFrom, from: previous, to: version },
    });
    return saved;
  });
}

/**
 * The wizard's "What it's worth" saved the trade's figures: they become the ROI assumptions from
 * today too (called inside the wizard's transaction, which audits the step).
 */
export async function recordWizardAssumptionsIn(
  tx: TenantTx,
  ctx: TenantContext,
  roi: RoiAssumptions,
) {
  const setup = await loadSetup(tx);
  await putTodaysVersion(
    tx,
    ctx,
    (current) => ({
      formulaVersion: current.formulaVersion,
      assumptions: {
        ...current.assumptions,
        ...roi,
        outcomeSource: outcomeSourceOf(setup.slug),
      },
    }),
    "wizard",
  );
}

const jobContext = (orgId: string) => systemContext("roi.refresh", { id: orgId });

/** The `roi.refresh` job's work: one org's rollups brought up to date. */
export function refreshRollups(orgId: string): Promise<number> {
  return withTenant(jobContext(orgId), (tx) => refreshOrg(tx));
}

/** `npm run roi:backfill`: every day of one org recomputed (from `from`, or its first call). */
export function backfillRollups(orgId: string, from?: string): Promise<number> {
  return withTenant(systemContext("roi.backfill", { id: orgId }), (tx) => backfillOrg(tx, from));
}
