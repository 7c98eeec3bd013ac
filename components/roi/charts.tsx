"use client";

import {
  Area,
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  ComposedChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";

// The overview's charts: client islands, drawn without animation (screenshots and people who
// prefer less motion see the final figure at once). Each has a text summary beside it.

export type ChartPoint = {
  label: string;
  value: number;
  cost: number;
  net: number;
  resolved: number;
  escalated: number;
  other: number;
  office: number;
  afterHours: number;
};

const AXIS = { fontSize: 12, fill: "#71717a" };

export function ValueChart({ data, currency }: { data: ChartPoint[]; currency: string }) {
  const fmt = (n: number) =>
    new Intl.NumberFormat("en", { style: "currency", currency, maximumFractionDigits: 0 }).format(
      n,
    );
  return (
    <div className="h-64 w-full" data-testid="chart-value">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e4e4e7" vertical={false} />
          <XAxis dataKey="label" tick={AXIS} tickLine={false} minTickGap={16} />
          <YAxis tick={AXIS} tickLine={false} axisLine={false} width={64} tickFormatter={fmt} />
          <Tooltip formatter={(v) => fmt(Number(v))} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar
            dataKey="value"
            name="Value"
            fill="#6366f1"
            isAnimationActive={false}
            radius={[3, 3, 0, 0]}
          />
          <Bar
            dataKey="cost"
            name="Cost"
            fill="#f59e0b"
            isAnimationActive={false}
            radius={[3, 3, 0, 0]}
          />
          <Line
            dataKey="net"
            name="Net"
            stroke="#15803d"
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}

export function OutcomesChart({ data }: { data: ChartPoint[] }) {
  return (
    <div className="h-64 w-full" data-testid="chart-outcomes">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e4e4e7" vertical={false} />
          <XAxis dataKey="label" tick={AXIS} tickLine={false} minTickGap={16} />
          <YAxis tick={AXIS} tickLine={false} axisLine={false} width={40} allowDecimals={false} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar
            dataKey="resolved"
            name="Resolved by the agent"
            stackId="o"
            fill="#22c55e"
            isAnimationActive={false}
          />
          <Bar
            dataKey="escalated"
            name="Handed to a person"
            stackId="o"
            fill="#f59e0b"
            isAnimationActive={false}
          />
          <Bar
            dataKey="other"
            name="Followed up or open"
            stackId="o"
            fill="#a1a1aa"
            isAnimationActive={false}
          />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export function AfterHoursChart({ data }: { data: ChartPoint[] }) {
  return (
    <div className="h-48 w-full" data-testid="chart-after-hours">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e4e4e7" vertical={false} />
          <XAxis dataKey="label" tick={AXIS} tickLine={false} minTickGap={16} />
          <YAxis tick={AXIS} tickLine={false} axisLine={false} width={40} allowDecimals={false} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar
            dataKey="office"
            name="While open"
            stackId="h"
            fill="#818cf8"
            isAnimationActive={false}
          />
          <Bar
            dataKey="afterHours"
            name="While closed"
            stackId="h"
            fill="#312e81"
            isAnimationActive={false}
          />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export type ForecastPoint = { label: string; mean: number; band: [number, number] };

/** The forecast's mean with its 95 % interval as a band. */
export function ForecastChart({ data }: { data: ForecastPoint[] }) {
  return (
    <div className="h-48 w-full" data-testid="chart-forecast">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e4e4e7" vertical={false} />
          <XAxis dataKey="label" tick={AXIS} tickLine={false} minTickGap={16} />
          <YAxis tick={AXIS} tickLine={false} axisLine={false} width={40} allowDecimals={false} />
          <Tooltip
            formatter={(v) =>
              Array.isArray(v)
                ? `${Math.round(Number(v[0]))}–${Math.round(Number(v[1]))}`
                : Math.round(Number(v))
            }
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Area
            dataKey="band"
            name="Likely range (95 %)"
            fill="#c7d2fe"
            stroke="none"
            isAnimationActive={false}
          />
          <Line
            dataKey="mean"
            name="Expected calls"
            stroke="#4338ca"
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
