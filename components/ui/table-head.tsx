/** Column headings of the dashboard's tables (with the caption screen readers announce first). */
export function TableHead({ caption, columns }: { caption: string; columns: string[] }) {
  return (
    <>
      <caption className="sr-only">{caption}</caption>
      <thead className="text-xs text-zinc-500 uppercase">
        <tr>
          {columns.map((column) => (
            <th key={column} scope="col" className="px-5 py-2 font-medium">
              {column}
            </th>
          ))}
        </tr>
      </thead>
    </>
  );
}
