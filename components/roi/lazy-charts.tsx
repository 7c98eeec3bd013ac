"use client";

import dynamic from "next/dynamic";

// The charts' library (recharts, ~110 kB gzipped) loads after the page, so the overview's figures
// and words arrive with the first load and the charts draw a moment later in a box of their size.

const placeholder = (height: string) =>
  function ChartPlaceholder() {
    return <div className={`${height} w-full animate-pulse rounded-lg bg-zinc-100`} />;
  };

export const ValueChart = dynamic(() => import("./charts").then((m) => m.ValueChart), {
  ssr: false,
  loading: placeholder("h-64"),
});
export const OutcomesChart = dynamic(() => import("./charts").then((m) => m.OutcomesChart), {
  ssr: false,
  loading: placeholder("h-64"),
});
export const AfterHoursChart = dynamic(() => import("./charts").then((m) => m.AfterHoursChart), {
  ssr: false,
  loading: placeholder("h-48"),
});
export const ForecastChart = dynamic(() => import("./charts").then((m) => m.ForecastChart), {
  ssr: false,
  loading: placeholder("h-48"),
});
