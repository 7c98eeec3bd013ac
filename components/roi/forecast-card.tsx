import { Card, CardHeader } from "@/components/ui/card";
import { addDays } from "@/lib/roi/days";
import type { RoiForecast } from "@/lib/roi/queries";
import { ForecastChart } from "./lazy-charts";
import { count, dayLabel, money } from "./format";

/** The next 30 days of calls and net value, with an interval, or why there is none yet. */
export function ForecastCard({ forecast }: { forecast: RoiForecast }) {
  const { calls, net, currency } = forecast;
  return (
    <div data-testid="roi-forecast">
      <Card>
        <CardHeader
          title="The next 30 days"
          description="A forecast from your past calls: Holt–Winters smoothing with a weekly pattern, and the range it expects 95 % of outcomes to fall in."
        />
        {!calls.enough || !net.enough ? (
          <p className="p-5 text-sm text-zinc-600">
            Not enough history yet: a forecast needs {calls.enough ? 28 : calls.needDays} days of
            calls to learn your weekly pattern, and has {calls.enough ? "fewer" : calls.haveDays}.
            It appears here on its own once they are in.
          </p>
        ) : (
          <div className="space-y-4 p-5">
            <div className="grid gap-4 text-sm sm:grid-cols-2">
              <p>
                <span className="block text-zinc-500">Calls</span>
                <span className="text-2xl font-semibold tabular-nums text-zinc-900">
                  about {count(Math.round(calls.total.mean))}
                </span>
                <span className="block text-xs text-zinc-500">
                  likely between {count(Math.round(calls.total.lower))} and{" "}
                  {count(Math.round(calls.total.upper))}
                </span>
              </p>
              <p>
                <span className="block text-zinc-500">Net value</span>
                <span className="text-2xl font-semibold tabular-nums text-zinc-900">
                  about {money(net.total.mean, currency)}
                </span>
                <span className="block text-xs text-zinc-500">
                  likely between {money(net.total.lower, currency)} and{" "}
                  {money(net.total.upper, currency)}, with today&rsquo;s assumptions
                </span>
              </p>
            </div>
            <ForecastChart
              data={calls.mean.map((mean, i) => ({
                label: dayLabel(addDays(forecast.from, i)),
                mean: Math.round(mean * 10) / 10,
                band: [
                  Math.round(calls.lower[i]! * 10) / 10,
                  Math.round(calls.upper[i]! * 10) / 10,
                ],
              }))}
            />
          </div>
        )}
      </Card>
    </div>
  );
}
