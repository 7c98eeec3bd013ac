import Papa from "papaparse";
import { INPUT_KEYS, TERM_KEYS } from "./formulas";
import type { RoiReport } from "./queries";

// The breakdown of a range as CSV: one row per period, then the total, every input and term, so a
// spreadsheet can redo the sums. Cells are numbers, days and version lists only (nothing a
// spreadsheet would run as a formula).

const HEADERS = [
  "period",
  ...INPUT_KEYS,
  ...TERM_KEYS.map((k) => `term_${k}`),
  "value",
  "cost",
  "net",
  "currency",
  "formula_versions",
];

export function breakdownCsv(report: RoiReport): { fileName: string; text: string } {
  const rows = report.series.map((p) => [
    p.period,
    ...INPUT_KEYS.map((k) => p.inputs[k]),
    ...TERM_KEYS.map((k) => p.figure.terms[k]),
    p.figure.value,
    p.figure.cost,
    p.figure.net,
    report.currency,
    p.formulaVersions.map((v) => `v${v}`).join(" "),
  ]);
  const versions = [...new Set(report.series.flatMap((p) => p.formulaVersions))];
  rows.push([
    "total",
    ...INPUT_KEYS.map((k) => report.totals[k]),
    ...TERM_KEYS.map((k) => report.figure.terms[k]),
    report.figure.value,
    report.figure.cost,
    report.figure.net,
    report.currency,
    versions.map((v) => `v${v}`).join(" "),
  ]);
  return {
    fileName: `luneo-roi-${report.range.from}-to-${report.range.to}-${report.range.granularity}.csv`,
    text: Papa.unparse({ fields: HEADERS, data: rows }),
  };
}
