"use client";

import {
  SIMPLE_TARGETS,
  TARGET_LABELS,
  cellValue,
  leadFieldKey,
  type CsvFile,
  type ImportMapping,
  type ImportTarget,
} from "@/lib/contacts/import/mapping";

const PREVIEW_ROWS = 5;
const LEAD_FIELD = "leadField";

const labelOf = (target: ImportTarget) =>
  target.startsWith("leadField:")
    ? `Lead field “${target.slice("leadField:".length)}”`
    : TARGET_LABELS[target as keyof typeof TARGET_LABELS];

/** One line per column: an example value and where it goes; then the first rows as they map. */
export function ImportMappingTable({
  file,
  mapping,
  onChange,
}: {
  file: CsvFile;
  mapping: ImportMapping;
  onChange: (next: ImportMapping) => void;
}) {
  const set = (header: string, target: ImportTarget) => onChange({ ...mapping, [header]: target });
  const example = (index: number) =>
    file.rows.map((r) => cellValue(r.cells[index])).find((v) => v !== "") ?? "";
  const mapped = file.headers
    .map((header, index) => ({ header, index, target: mapping[header] ?? "ignore" }))
    .filter((c) => c.target !== "ignore");

  return (
    <>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm" data-testid="import-mapping">
          <caption className="sr-only">
            Columns of the file and the contact field each fills
          </caption>
          <thead className="text-xs text-zinc-500 uppercase">
            <tr>
              <th scope="col" className="px-5 py-2 font-medium">
                Column
              </th>
              <th scope="col" className="px-5 py-2 font-medium">
                Example
              </th>
              <th scope="col" className="px-5 py-2 font-medium">
                Import as
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {file.headers.map((header, index) => {
              const target = mapping[header] ?? "ignore";
              const isLeadField = target.startsWith("leadField:");
              return (
                <tr key={header}>
                  <th scope="row" className="px-5 py-2 font-medium text-zinc-900">
                    {header}
                  </th>
                  <td className="max-w-48 truncate px-5 py-2 text-zinc-600">{example(index)}</td>
                  <td className="px-5 py-2">
                    <div className="flex flex-wrap items-center gap-2">
                      <select
                        aria-label={`Import “${header}” as`}
                        value={isLeadField ? LEAD_FIELD : target}
                        onChange={(e) =>
                          set(
                            header,
                            e.target.value === LEAD_FIELD
                              ? `leadField:${leadFieldKey(header)}`
                              : (e.target.value as ImportTarget),
                          )
                        }
                        className="rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm"
                      >
                        {SIMPLE_TARGETS.map((t) => (
                          <option key={t} value={t}>
                            {TARGET_LABELS[t]}
                          </option>
                        ))}
                        <option value={LEAD_FIELD}>Lead field…</option>
                      </select>
                      {isLeadField ? (
                        <input
                          aria-label={`Lead field key for “${header}”`}
                          value={target.slice("leadField:".length)}
                          maxLength={63}
                          onChange={(e) => set(header, `leadField:${e.target.value}`)}
                          className="w-40 rounded-md border border-zinc-300 bg-white px-2 py-1.5 font-mono text-xs"
                        />
                      ) : null}
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>

      <div className="border-t border-zinc-100">
        <h3 className="px-5 pt-4 text-sm font-semibold text-zinc-900">
          Preview of the first {Math.min(PREVIEW_ROWS, file.rows.length)} rows
        </h3>
        {mapped.length > 0 ? (
          <div className="overflow-x-auto p-5 pt-2">
            <table className="w-full text-left text-sm" data-testid="import-preview">
              <caption className="sr-only">The first rows as they will be imported</caption>
              <thead className="text-xs text-zinc-500">
                <tr>
                  <th scope="col" className="py-2 pr-4 font-medium">
                    Row
                  </th>
                  {mapped.map((c) => (
                    <th key={c.header} scope="col" className="py-2 pr-4 font-medium">
                      {labelOf(c.target)}
                      <span className="block font-normal text-zinc-400">{c.header}</span>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100">
                {file.rows.slice(0, PREVIEW_ROWS).map((r) => (
                  <tr key={r.row}>
                    <td className="py-2 pr-4 text-zinc-500 tabular-nums">{r.row}</td>
                    {mapped.map((c) => (
                      <td key={c.header} className="max-w-56 truncate py-2 pr-4 text-zinc-900">
                        {cellValue(r.cells[c.index])}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="px-5 py-4 text-sm text-zinc-500">No column is imported yet.</p>
        )}
      </div>
    </>
  );
}
