import type { Metadata } from "next";
import { money, rangeLabel } from "@/components/roi/format";
import { RoiSettingsForm } from "@/components/roi/settings-form";
import { Card, CardHeader, PageHeader } from "@/components/ui/card";
import { NotAllowed } from "@/components/ui/not-allowed";
import { hasPermission } from "@/lib/auth/permissions";
import { requireSessionContext } from "@/lib/auth/session";
import { addDays } from "@/lib/roi/days";
import { formulaOf } from "@/lib/roi/formulas";
import { getRoiSettings } from "@/lib/roi/queries";

export const metadata: Metadata = { title: "ROI assumptions" };

const SOURCES: Record<string, string> = {
  template: "your trade's figures",
  wizard: "set up in the wizard",
  settings: "changed in Settings",
  formula: "formula switched",
};

export default async function RoiSettingsPage() {
  const { ctx } = await requireSessionContext();
  if (!hasPermission(ctx, "roi.write")) {
    return (
      <NotAllowed
        title="ROI assumptions"
        reason="Only owners and admins change the figures behind the overview"
      />
    );
  }
  const { today, current, history } = await getRoiSettings(ctx);
  return (
    <>
      <PageHeader
        title="ROI assumptions"
        description={`The figures behind “what it is worth” on the overview, computed with formula v${current.formulaVersion} (${formulaOf(current.formulaVersion).name}).`}
      />
      <Card>
        <div className="p-5">
          <RoiSettingsForm initial={current.assumptions} today={today} />
        </div>
      </Card>
      <Card className="mt-6">
        <CardHeader title="What applied when" description="Every version, newest first." />
        <ul className="divide-y divide-zinc-100 text-sm" data-testid="roi-settings-history">
          {history.map((v, i) => {
            const until = i === 0 ? null : addDays(history[i - 1]!.effectiveFrom, -1);
            const a = v.assumptions;
            return (
              <li key={v.effectiveFrom} className="px-5 py-3">
                <p className="font-medium text-zinc-900">
                  {until
                    ? rangeLabel(v.effectiveFrom, until)
                    : `From ${rangeLabel(v.effectiveFrom, v.effectiveFrom)}`}
                  {i === history.length - 1 ? " (and every day before)" : ""} · formula v
                  {v.formulaVersion} · {SOURCES[v.source] ?? v.source}
                </p>
                <p className="mt-0.5 text-zinc-600">
                  {a.minutesPerCall} min a call at {money(a.loadedHourlyCost, a.currency)} an hour;
                  a {a.outcomeLabel} is worth {money(a.valuePerOutcome, a.currency)}; a call while
                  closed {money(a.afterHoursCallValue, a.currency)}; Luneo{" "}
                  {money(a.platformFeeMonthly, a.currency)} a month.
                </p>
              </li>
            );
          })}
        </ul>
      </Card>
    </>
  );
}
