"use client";

import { useRouter } from "next/navigation";
import {
  Area,
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { DrillOutcome } from "@/lib/roi/schemas";
import { drillHref } from "./drill";

// The overview's charts: client islands, drawn without animation (screenshots and people who
// prefer less motion see the final figure at once). Each has a text summary beside it. One chart
// (SeriesChart) draws them all; a bar opens the conversations it counts (the drill-down).

export type ChartPoint = {
  label: string;
  /** The period's days within the range: where its bars lead. */
  from: string;
  to: string;
  value: number;
  cost: number;
  net: number;
  resolved: number;
  escalated: number;
  other: number;
  office: number;
  afterHours: number;
};

type Series = {
  /** The point's field drawn. */
  key: string;
  name: string;
  color: string;
  kind: "bar" | "line" | "area";
  /** Bars of one stack share it. */
  stack?: string;
  /** The conversations a bar of this series counts. */
  outcome?: DrillOutcome;
};

const AXIS = { fontSize: 12, fill: "#71717a" };

function SeriesChart({
  data,
  series,
  height,
  testId,
  format = (n) => String(Math.round(n)),
  axisWidth = 40,
}: {
  data: readonly { label: string }[];
  series: Series[];
  height: "h-48" | "h-64";
  testId: string;
  format?: (n: number) => string;
  axisWidth?: number;
}) {
  const router = useRouter();
  const open = (point: unknown, outcome: DrillOutcome) => {
    const p = (point as { payload?: { from?: string; to?: string } }).payload;
    if (p?.from && p.to) router.push(drillHref({ from: p.from, to: p.to }, outcome));
  };
  return (
    <div className={`${height} w-full`} data-testid={testId}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={[...data]} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e4e4e7" vertical={false} />
          <XAxis dataKey="label" tick={AXIS} tickLine={false} minTickGap={16} />
          <YAxis
            tick={AXIS}
            tickLine={false}
            axisLine={false}
            width={axisWidth}
            allowDecimals={false}
            tickFormatter={format}
          />
          <Tooltip
            formatter={(v) =>
              Array.isArray(v)
                ? `${format(Number(v[0]))}–${format(Number(v[1]))}`
                : format(Number(v))
            }
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {series.map((s) => {
            const common = { dataKey: s.key, name: s.name, isAnimationActive: false };
            if (s.kind === "line")
              return <Line key={s.key} {...common} stroke={s.color} strokeWidth={2} dot={false} />;
            if (s.kind === "area")
              return <Area key={s.key} {...common} fill={s.color} stroke="none" />;
            const outcome = s.outcome;
            return (
              <Bar
                key={s.key}
                {...common}
                fill={s.color}
                stackId={s.stack}
                radius={s.stack ? undefined : [3, 3, 0, 0]}
                cursor={outcome ? "pointer" : undefined}
                onClick={outcome ? (point) => open(point, outcome) : undefined}
              />
            );
          })}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}

export function ValueChart({ data, currency }: { data: ChartPoint[]; currency: string }) {
  const format = (n: number) =>
    new Intl.NumberFormat("en", { style: "currency", currency, maximumFractionDigits: 0 }).format(
      n,
    );
  return (
    <SeriesChart
      data={data}
      height="h-64"
      testId="chart-value"
      format={format}
      axisWidth={64}
      series={[
        { key: "value", name: "Value", color: "#6366f1", kind: "bar", outcome: "all" },
        { key: "cost", name: "Cost", color: "#f59e0b", kind: "bar", outcome: "all" },
        { key: "net", name: "Net", color: "#15803d", kind: "line" },
      ]}
    />
  );
}

export function OutcomesChart({ data }: { data: ChartPoint[] }) {
  return (
    <SeriesChart
      data={data}
      height="h-64"
      testId="chart-outcomes"
      series={[
        {
          key: "resolved",
          name: "Resolved by the agent",
          color: "#22c55e",
          kind: "bar",
          stack: "o",
          outcome: "resolved",
        },
        {
          key: "escalated",
          name: "Handed to a person",
          color: "#f59e0b",
          kind: "bar",
          stack: "o",
          outcome: "escalated",
        },
        {
          key: "other",
          name: "Followed up or open",
          color: "#a1a1aa",
          kind: "bar",
          stack: "o",
          outcome: "other",
        },
      ]}
    />
  );
}

export function AfterHoursChart({ data }: { data: ChartPoint[] }) {
  return (
    <SeriesChart
      data={data}
      height="h-48"
      testId="chart-after-hours"
      series={[
        {
          key: "office",
          name: "While open",
          color: "#818cf8",
          kind: "bar",
          stack: "h",
          outcome: "office",
        },
        {
          key: "afterHours",
          name: "While closed",
          color: "#312e81",
          kind: "bar",
          stack: "h",
          outcome: "after-hours",
        },
      ]}
    />
  );
}

export type ForecastPoint = { label: string; mean: number; band: [number, number] };

/** The forecast's mean with its 95 % interval as a band (days to come: nothing to open). */
export function ForecastChart({ data }: { data: ForecastPoint[] }) {
  return (
    <SeriesChart
      data={data}
      height="h-48"
      testId="chart-forecast"
      series={[
        { key: "band", name: "Likely range (95 %)", color: "#c7d2fe", kind: "area" },
        { key: "mean", name: "Expected calls", color: "#4338ca", kind: "line" },
      ]}
    />
  );
}
