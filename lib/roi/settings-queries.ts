import "server-only";
import { requirePermission } from "@/lib/auth/permissions";
import type { TenantContext } from "@/lib/context";
import { withTenant } from "@/lib/db/scopes";
import { roiAssumptionSetSchema, type RoiAssumptionSet } from "./assumptions";
import { loadSetup, settingsVersions, todayIn, versionInForce } from "./rollup";

// Settings → ROI assumptions: what is in force and what applied when.

export type RoiSettingsView = {
  today: string;
  current: { formulaVersion: number; effectiveFrom: string; assumptions: RoiAssumptionSet };
  /** Every version, newest first: what applied when. */
  history: {
    effectiveFrom: string;
    formulaVersion: number;
    source: string;
    assumptions: RoiAssumptionSet;
  }[];
};

/** Settings → ROI: the assumptions in force today and their history. */
export async function getRoiSettings(ctx: TenantContext): Promise<RoiSettingsView> {
  requirePermission(ctx, "roi.read");
  return withTenant(ctx, async (tx) => {
    const setup = await loadSetup(tx);
    const today = todayIn(setup.timezone);
    const versions = await settingsVersions(tx, setup);
    const current = versionInForce(versions, today);
    return {
      today,
      current: {
        formulaVersion: current.formulaVersion,
        effectiveFrom: current.effectiveFrom,
        assumptions: roiAssumptionSetSchema.parse(current.assumptions),
      },
      history: [...versions].reverse().map((v) => ({
        effectiveFrom: v.effectiveFrom,
        formulaVersion: v.formulaVersion,
        source: v.source,
        assumptions: roiAssumptionSetSchema.parse(v.assumptions),
      })),
    };
  });
}
