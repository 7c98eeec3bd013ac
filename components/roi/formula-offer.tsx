import { ActionButton } from "@/components/ui/action-button";
import { Card, CardHeader } from "@/components/ui/card";
import type { FormulaComparison } from "@/lib/roi/queries";
import { adoptFormulaAction } from "@/lib/roi/server-actions";
import { money, rangeLabel } from "./format";

/** A newer formula exists: what it would have said for the last 30 days, beside the current one. */
export function FormulaOffer({
  comparison,
  currency,
  canAdopt,
}: {
  comparison: FormulaComparison;
  currency: string;
  canAdopt: boolean;
}) {
  const sides = [
    { title: `Now: v${comparison.current.version}`, side: comparison.current },
    { title: `New: v${comparison.candidate.version}`, side: comparison.candidate },
  ];
  return (
    <div data-testid="formula-offer">
      <Card>
        <CardHeader
          title={`A newer formula is available: v${comparison.candidate.version}`}
          description={`What each would have said for ${rangeLabel(comparison.from, comparison.to)}, on the same calls and assumptions.`}
        />
        <div className="grid gap-4 p-5 sm:grid-cols-2">
          {sides.map(({ title, side }) => (
            <div key={title} className="rounded-lg border border-zinc-200 p-4 text-sm">
              <p className="font-medium text-zinc-900">
                {title} — {side.name}
              </p>
              <p className="mt-2 text-2xl font-semibold tabular-nums text-zinc-900">
                {money(side.figure.net, currency)}
              </p>
              <p className="text-xs text-zinc-500">
                net: {money(side.figure.value, currency)} of value −{" "}
                {money(side.figure.cost, currency)} of cost
              </p>
              <p className="mt-2 text-zinc-600">{side.words}</p>
            </div>
          ))}
        </div>
        <div className="flex flex-wrap items-center gap-3 border-t border-zinc-100 px-5 py-3 text-sm text-zinc-600">
          {canAdopt ? (
            <ActionButton
              run={adoptFormulaAction.bind(null, { version: comparison.candidate.version })}
              label={`Use v${comparison.candidate.version} from today`}
              pendingLabel="Switching…"
              done="Done: today and later days use it; earlier days keep theirs."
            />
          ) : (
            <span>An admin can switch to it.</span>
          )}
          <span>Days already computed keep the formula they were computed with.</span>
        </div>
      </Card>
    </div>
  );
}
