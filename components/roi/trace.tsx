import { TEXT_LINK_CLASSES } from "@/components/ui/text-link";
import { formulaOf, TERM_KEYS, VALUE_TERMS, type RoiTerms } from "@/lib/roi/formulas";
import type { RoiReport } from "@/lib/roi/queries";
import { count, money, rangeLabel } from "./format";

const TERM_LABELS: Record<keyof RoiTerms, string> = {
  timeSaved: "Time saved",
  outcomes: "Outcomes",
  afterHours: "After-hours calls captured",
  agentCost: "Calls' cost (voice provider)",
  platformFee: "Luneo's fee",
};

const INPUT_LABELS: [keyof RoiReport["totals"], string][] = [
  ["conversations", "Conversations"],
  ["callsAnswered", "Calls answered"],
  ["afterHoursCalls", "Of which while closed"],
  ["minutesHandled", "Minutes on the phone"],
  ["smsHandled", "SMS threads"],
  ["resolved", "Resolved by the agent"],
  ["escalated", "Handed to a person"],
  ["qualifiedLeads", "Qualified leads"],
  ["bookings", "Bookings or orders"],
  ["evaluated", "Calls with a success evaluation"],
  ["successful", "Of which successful"],
  ["agentCost", "Calls' cost (VAPI, and Twilio when it said)"],
  ["telephonyCost", "Of which Twilio's price"],
];

/** "Why this number": the figure term by term, the inputs, the formula and the assumptions that applied when. */
export function RoiTrace({ report }: { report: RoiReport }) {
  const { figure, totals, currency } = report;
  return (
    <details className="group rounded-xl border border-zinc-200 bg-white" data-testid="roi-trace">
      <summary
        className={`cursor-pointer list-none px-5 py-4 text-sm font-medium ${TEXT_LINK_CLASSES}`}
      >
        <span aria-hidden className="mr-1 inline-block transition group-open:rotate-90">
          ›
        </span>
        How is this computed?
      </summary>
      <div className="space-y-6 border-t border-zinc-100 px-5 py-4 text-sm">
        <div>
          <h3 className="font-semibold text-zinc-900">The figure, term by term</h3>
          <table className="mt-2 w-full max-w-xl">
            <tbody className="divide-y divide-zinc-100">
              {TERM_KEYS.map((k) => (
                <tr key={k}>
                  <th scope="row" className="py-1.5 text-left font-normal text-zinc-700">
                    {(VALUE_TERMS as readonly string[]).includes(k) ? "+ " : "− "}
                    {TERM_LABELS[k]}
                  </th>
                  <td className="py-1.5 text-right tabular-nums">
                    {money(figure.terms[k], currency, 2)}
                  </td>
                </tr>
              ))}
              <tr className="font-semibold">
                <th scope="row" className="py-1.5 text-left">
                  = Net value
                </th>
                <td className="py-1.5 text-right tabular-nums">{money(figure.net, currency, 2)}</td>
              </tr>
            </tbody>
          </table>
          <p className="mt-2 text-zinc-500">
            Each day is computed on its own and stored with its inputs; this period is the sum of
            its days ({rangeLabel(report.range.from, report.range.to)}, days in {report.timezone}).
          </p>
        </div>
        <div>
          <h3 className="font-semibold text-zinc-900">The inputs</h3>
          <dl className="mt-2 grid max-w-xl grid-cols-2 gap-x-6 gap-y-1">
            {INPUT_LABELS.map(([k, label]) => (
              <div key={k} className="contents">
                <dt className="text-zinc-600">{label}</dt>
                <dd className="text-right tabular-nums">
                  {k === "agentCost" ? money(totals[k], currency, 2) : count(totals[k])}
                </dd>
              </div>
            ))}
          </dl>
          <p className="mt-2 text-zinc-500">
            Resolved: the conversation finished, was not handed to a person, and the caller did not
            get in touch again within 72 hours. Qualified lead: at least half of your qualification
            questions answered. Success: VAPI&rsquo;s own evaluation of the call.
          </p>
        </div>
        <div>
          <h3 className="font-semibold text-zinc-900">The formula and the assumptions in force</h3>
          <ul className="mt-2 space-y-4">
            {report.applied.map((a) => {
              const formula = formulaOf(a.formulaVersion);
              const words = formula.termWords(a.assumptions);
              return (
                <li key={`${a.from}-${a.formulaVersion}`} data-testid="applied-settings">
                  <p className="font-medium text-zinc-900">
                    {rangeLabel(a.from, a.to)}: formula v{a.formulaVersion} — {a.formulaName}
                  </p>
                  <p className="mt-1 text-zinc-600">{formula.words}</p>
                  <ul className="mt-1 list-disc space-y-0.5 pl-5 text-zinc-600">
                    {TERM_KEYS.map((k) => (
                      <li key={k}>
                        {TERM_LABELS[k]}: {words[k]}
                      </li>
                    ))}
                  </ul>
                </li>
              );
            })}
          </ul>
        </div>
      </div>
    </details>
  );
}
