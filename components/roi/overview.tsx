import { clsx } from "clsx";
import Link from "next/link";
import type { ReactNode } from "react";
import { Card, CardHeader } from "@/components/ui/card";
import { TextLink } from "@/components/ui/text-link";
import { periodRange } from "@/lib/roi/days";
import type { FormulaComparison, RoiForecast, RoiReport } from "@/lib/roi/queries";
import type { DrillOutcome } from "@/lib/roi/schemas";
import type { ChartPoint } from "./charts";
import { drillHref } from "./drill";
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
  href,
}: {
  label: string;
  value: string;
  note?: string;
  tone?: "up" | "down" | "flat";
  testId?: string;
  /** Where the figure leads: the conversations it counts. */
  href?: string;
}) {
  const figure =
    "mt-1 block truncate text-2xl font-semibold tabular-nums text-zinc-900 sm:text-3xl";
  return (
    <div className="min-w-0" data-testid={testId}>
      <p className="text-sm text-zinc-500">{label}</p>
      {href ? (
        <Link
          href={href}
          className={clsx(
            figure,
            "underline decoration-zinc-300 decoration-dotted underline-offset-4 hover:decoration-brand-600",
          )}
          title="See the conversations behind this figure"
        >
          {value}
        </Link>
      ) : (
        <p className={figure}>{value}</p>
      )}
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
    ...periodRange(p.period, report.range.granularity, report.range),
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
  const drill = (outcome: DrillOutcome) => drillHref(report.range, outcome);
  const { adoption } = report;
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
            href={drill("all")}
          />
          <Stat
            label="Return on cost"
            value={kpis.roiPercent === null ? "—" : `${count(Math.round(kpis.roiPercent))} %`}
            note={`${money(figure.value, currency)} of value for ${money(figure.cost, currency)} of cost`}
            testId="kpi-roi"
            href={drill("all")}
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
            href={drill("all")}
          />
          <Stat
            label="Conversations handled"
            value={count(totals.conversations)}
            note={`${count(totals.callsAnswered)} calls, ${count(totals.smsHandled)} SMS · ${callsChange.text}`}
            tone={callsChange.tone}
            testId="kpi-conversations"
            href={drill("all")}
          />
        </div>
        <p className="border-t border-zinc-100 px-5 py-3 text-xs text-zinc-500">
          {rangeLabel(report.range.from, report.range.to)} · compared with{" "}
          {rangeLabel(previous.range.from, previous.range.to)} · days in {report.timezone}
        </p>
      </Card>

      <Card>
        <CardHeader title="How the agent did" />
        <div className="grid grid-cols-2 gap-6 p-5 sm:grid-cols-3 lg:grid-cols-4">
          <Stat
            label="Resolved by the agent"
            value={percent(kpis.resolutionRate)}
            note={`${count(totals.resolved)} conversations`}
            testId="kpi-resolution"
            href={drill("resolved")}
          />
          <Stat
            label="Handed to a person"
            value={percent(kpis.escalationRate)}
            note={`${count(totals.escalated)} conversations`}
            testId="kpi-escalation"
            href={drill("escalated")}
          />
          <Stat
            label="Successful calls"
            value={percent(kpis.satisfaction)}
            note={`VAPI's success evaluation, of ${count(totals.evaluated)} judged`}
            testId="kpi-satisfaction"
            href={drill("successful")}
          />
          <Stat
            label="Qualified leads"
            value={count(totals.qualifiedLeads)}
            note={`${percent(kpis.qualifiedLeadRate)} of conversations`}
            testId="kpi-leads"
            href={drill("qualified")}
          />
          <Stat
            label="Bookings and orders"
            value={count(totals.bookings)}
            note="from the calls' data and the agent's tools"
            testId="kpi-bookings"
            href={drill("bookings")}
          />
          <Stat
            label="Cost per 100 conversations"
            value={kpis.costPer100 === null ? "—" : money(kpis.costPer100, currency, 2)}
            note={
              totals.telephonyCost > 0
                ? `calls ${money(totals.agentCost, currency, 2)}, of which Twilio ${money(totals.telephonyCost, currency, 2)}`
                : `calls ${money(totals.agentCost, currency, 2)} and Luneo's fee`
            }
            testId="kpi-cost-per-100"
            href={drill("all")}
          />
          <Stat
            label="Answered while closed"
            value={percent(kpis.afterHoursShare)}
            note={`${count(totals.afterHoursCalls)} calls`}
            testId="kpi-after-hours"
            href={drill("after-hours")}
          />
          {adoption ? (
            <Stat
              label="Learning suggestions adopted"
              value={percent(adoption.rate)}
              note={
                adoption.offered === 0
                  ? "no answer approved from a suggestion in this period"
                  : `${count(adoption.kept)} of ${count(adoption.offered)} approved answers kept Luneo's suggestion`
              }
              testId="kpi-adoption"
              href="/learning?status=approved"
            />
          ) : null}
        </div>
        <p className="border-t border-zinc-100 px-5 py-3 text-xs text-zinc-500">
          Every figure opens the conversations it counts.{" "}
          <TextLink href={drill("all")}>See all of them</TextLink>
        </p>
      </Card>

      <div className="grid gap-6 lg:grid-cols-2">
        <ChartCard
          title="Value against cost"
          description={`${money(figure.value, currency)} of value, ${money(figure.cost, currency)} of cost`}
        >
          <ValueChart data={points} currency={currency} />
        </ChartCard>
        <ChartCard
          title="Conversations by outcome"
          description={`${count(totals.resolved)} resolved, ${count(totals.escalated)} handed over, ${count(Math.max(0, totals.conversations - totals.resolved - totals.escalated))} followed up or open`}
        >
          <OutcomesChart data={points} />
        </ChartCard>
      </div>
      <ChartCard
        title="Calls while you were closed"
        description={`${count(totals.afterHoursCalls)} of ${count(totals.callsAnswered)} calls came outside your opening hours`}
      >
        <AfterHoursChart data={points} />
      </ChartCard>

      {forecast ? <ForecastCard forecast={forecast} /> : null}
      <RoiTrace report={report} />
      {comparison ? (
        <FormulaOffer comparison={comparison} currency={currency} canAdopt={canAdopt} />
      ) : null}
    </div>
  );
}

/** A chart with its title and its summary in words; a click on a bar opens its conversations. */
function ChartCard({
  title,
  description,
  children,
}: {
  title: string;
  description: string;
  children: ReactNode;
}) {
  return (
    <Card className="min-w-0">
      <CardHeader title={title} description={description} />
      <div className="p-3 sm:p-5">{children}</div>
    </Card>
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
