import { clsx } from "clsx";
import { Card, CardHeader } from "@/components/ui/card";
import { TextLink } from "@/components/ui/text-link";
import type { FormulaComparison, RoiForecast, RoiReport } from "@/lib/roi/queries";
import type { ChartPoint } from "./charts";
import { AfterHoursChart, OutcomesChart, ValueChart } from "./lazy-charts";
import { ForecastCard } from "./forecast-card";
import { FormulaOffer } from "./formula-offer";
import { change, count, dayLabel, money, percent, rangeLabel } from "./format";
import { RoiTrace } from "./trace";

function Stat({
  label,
  value,
  note,
  tone = "flat",
  testId,
}: {
  label: string;
  value: string;
  note?: string;
  tone?: "up" | "down" | "flat";
  testId?: string;
}) {
  return (
    <div className="min-w-0" data-testid={testId}>
      <p className="text-sm text-zinc-500">{label}</p>
      <p className="mt-1 truncate text-2xl font-semibold tabular-nums text-zinc-900 sm:text-3xl">
        {value}
      </p>
      {note ? (
        <p
          className={clsx(
            "mt-1 text-xs",
            tone === "up" && "text-green-700",
            tone === "down" && "text-red-700",
            tone === "flat" && "text-zinc-500",
          )}
        >
          {note}
        </p>
      ) : null}
    </div>
  );
}

function pointsOf(report: RoiReport): ChartPoint[] {
  return report.series.map((p) => ({
    label: dayLabel(p.period, report.range.granularity),
    value: p.figure.value,
    cost: p.figure.cost,
    net: p.figure.net,
    resolved: p.inputs.resolved,
    escalated: p.inputs.escalated,
    other: Math.max(0, p.inputs.conversations - p.inputs.resolved - p.inputs.escalated),
    office: p.inputs.callsAnswered - p.inputs.afterHoursCalls,
    afterHours: p.inputs.afterHoursCalls,
  }));
}

/** The overview's ROI part: headline, KPIs, charts, the trace and, when there is one, a newer formula. */
export function RoiOverview({
  report,
  comparison,
  forecast,
  canAdopt,
}: {
  report: RoiReport;
  comparison: FormulaComparison | null;
  /** Null while the roi-forecasting flag is off for the org. */
  forecast: RoiForecast | null;
  canAdopt: boolean;
}) {
  const { figure, totals, kpis, currency, previous } = report;
  const netChange = change(figure.net, previous.figure.net);
  const callsChange = change(totals.conversations, previous.totals.conversations);
  const points = pointsOf(report);
  return (
    <div className="space-y-6" data-testid="roi-overview">
      <Card>
        <div className="grid gap-6 p-5 sm:grid-cols-2 lg:grid-cols-4">
          <Stat
            label="Net value"
            value={money(figure.net, currency)}
            note={netChange.text}
            tone={netChange.tone}
            testId="kpi-net"
          />
          <Stat
            label="Return on cost"
            value={kpis.roiPercent === null ? "—" : `${count(Math.round(kpis.roiPercent))} %`}
            note={`${money(figure.value, currency)} of value for ${money(figure.cost, currency)} of cost`}
            testId="kpi-roi"
          />
          <Stat
            label="Pays for itself in"
            value={
              kpis.paybackDays === null
                ? "—"
                : kpis.paybackDays < 1
                  ? `${Math.max(1, Math.round(kpis.paybackDays * 24))} h`
                  : `${kpis.paybackDays.toFixed(1)} days`
            }
            note="of the period's value covers its whole cost"
            testId="kpi-payback"
          />
          <Stat
            label="Conversations handled"
            value={count(totals.conversations)}
            note={`${count(totals.callsAnswered)} calls, ${count(totals.smsHandled)} SMS · ${callsChange.text}`}
            tone={callsChange.tone}
            testId="kpi-conversations"
          />
        </div>
        <p className="border-t border-zinc-100 px-5 py-3 text-xs text-zinc-500">
          {rangeLabel(report.range.from, report.range.to)} · compared with{" "}
          {rangeLabel(previous.range.from, previous.range.to)} · days in {report.timezone}
        </p>
      </Card>

      <Card>
        <CardHeader title="How the agent did" />
        <div className="grid grid-cols-2 gap-6 p-5 sm:grid-cols-3 lg:grid-cols-6">
          <Stat
            label="Resolved by the agent"
            value={percent(kpis.resolutionRate)}
            testId="kpi-resolution"
          />
          <Stat
            label="Handed to a person"
            value={percent(kpis.escalationRate)}
            testId="kpi-escalation"
          />
          <Stat
            label="Successful calls"
            value={percent(kpis.satisfaction)}
            note="VAPI's success evaluation"
            testId="kpi-satisfaction"
          />
          <Stat
            label="Qualified leads"
            value={count(totals.qualifiedLeads)}
            note={`${percent(kpis.qualifiedLeadRate)} of conversations`}
            testId="kpi-leads"
          />
          <Stat
            label="Cost per 100 conversations"
            value={kpis.costPer100 === null ? "—" : money(kpis.costPer100, currency, 2)}
            testId="kpi-cost-per-100"
          />
          <Stat
            label="Answered while closed"
            value={percent(kpis.afterHoursShare)}
            note={`${count(totals.afterHoursCalls)} calls`}
            testId="kpi-after-hours"
          />
        </div>
        <p className="border-t border-zinc-100 px-5 py-3 text-xs text-zinc-500">
          <TextLink href="/contacts">See the callers behind these figures</TextLink>
        </p>
      </Card>

      <div className="grid gap-6 lg:grid-cols-2">
        <Card className="min-w-0">
          <CardHeader
            title="Value against cost"
            description={`${money(figure.value, currency)} of value, ${money(figure.cost, currency)} of cost`}
          />
          <div className="p-3 sm:p-5">
            <ValueChart data={points} currency={currency} />
          </div>
        </Card>
        <Card className="min-w-0">
          <CardHeader
            title="Conversations by outcome"
            description={`${count(totals.resolved)} resolved, ${count(totals.escalated)} handed over, ${count(Math.max(0, totals.conversations - totals.resolved - totals.escalated))} followed up or open`}
          />
          <div className="p-3 sm:p-5">
            <OutcomesChart data={points} />
          </div>
        </Card>
      </div>
      <Card className="min-w-0">
        <CardHeader
          title="Calls while you were closed"
          description={`${count(totals.afterHoursCalls)} of ${count(totals.callsAnswered)} calls came outside your opening hours`}
        />
        <div className="p-3 sm:p-5">
          <AfterHoursChart data={points} />
        </div>
      </Card>

      {forecast ? <ForecastCard forecast={forecast} /> : null}
      <RoiTrace report={report} />
      {comparison ? (
        <FormulaOffer comparison={comparison} currency={currency} canAdopt={canAdopt} />
      ) : null}
    </div>
  );
}

/** A new org: what will appear here, and why it is empty — never sample numbers. */
export function RoiEmpty({ canEdit }: { canEdit: boolean }) {
  return (
    <div data-testid="roi-empty">
      <Card>
        <CardHeader title="What your agent is worth" />
        <div className="space-y-3 p-5 text-sm text-zinc-600">
          <p className="font-medium text-zinc-900">No calls yet, so there is nothing to add up.</p>
          <p>
            Once your agent answers its first call, this page shows within a minute what it did and
            what it is worth: calls answered, calls while you were closed, conversations resolved
            without you, qualified leads, the cost of the calls, and the net value, day by day.
          </p>
          <p>
            The figures use your own assumptions (minutes a call takes a person, what an hour of
            that person costs, what a lead is worth).{" "}
            {canEdit ? (
              <TextLink href="/settings/roi">Check them now</TextLink>
            ) : (
              "An admin can change them."
            )}
          </p>
        </div>
      </Card>
    </div>
  );
}
