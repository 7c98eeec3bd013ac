/** Column headings of the dashboard's tables (with the caption screen readers announce first). */
/** A column: its heading, or its heading and classes (e.g. `hidden lg:table-cell` to hide it on narrow screens). */
export type TableColumn = string | { label: string; className: string };

export function TableHead({ caption, columns }: { caption: string; columns: TableColumn[] }) {
  return (
    <>
      <caption className="sr-only">{caption}</caption>
      <thead className="text-xs text-zinc-500 uppercase">
        <tr>
          {columns.map((column) => (
            <th
              key={typeof column === "string" ? column : column.label}
              scope="col"
              className={`px-5 py-2 font-medium ${typeof column === "string" ? "" : column.className}`}
            >
              {typeof column === "string" ? column : column.label}
            </th>
          ))}
        </tr>
      </thead>
    </>
  );
}
