import Papa from "papaparse";
import type { ContactListRow } from "../queries";
import { joinTags } from "../tags";

// CSV as spreadsheets and importers read it (RFC 4180, written by papaparse): fields separated by
// commas, rows ended by CRLF, a field holding a comma, a double quote, CR or LF enclosed in double
// quotes with its quotes doubled. The file starts with a UTF-8 byte order mark, without which Excel reads
// "Müller" as "MÃ¼ller".
//
// CSV injection (OWASP): Excel, LibreOffice and Google Sheets run a cell starting with = + - @,
// a tab or a carriage return as a formula, and a caller's name or a lead field is whatever
// someone said on the phone. Every such cell, header and phone number included, gets a leading
// apostrophe: a phone is exported as '+33612345678. Spreadsheets show the apostrophe-prefixed
// cell as text, which is also what keeps the + of an E.164 number.
//
// For the CSV importer: a cell starting with ' is unwrapped by `restoreCell` (one apostrophe off
// when the character after it is one of = + - @ tab CR or '), so a file exported here imports
// back as it was. A cell that itself started with an apostrophe is exported with a second one,
// which keeps the rule reversible.

const FORMULA_STARTS = new Set(["=", "+", "-", "@", "\t", "\r"]);
const NEUTRALISER = "'";

const needsNeutraliser = (first: string | undefined) =>
  first !== undefined && (FORMULA_STARTS.has(first) || first === NEUTRALISER);

/** A cell a spreadsheet will not run as a formula. */
export function neutraliseCell(value: string): string {
  return needsNeutraliser(value[0]) ? NEUTRALISER + value : value;
}

/** The inverse of `neutraliseCell`, for importers of files exported here. */
export function restoreCell(value: string): string {
  return value[0] === NEUTRALISER && needsNeutraliser(value[1]) ? value.slice(1) : value;
}

/**
 * Records, neutralised, quoted by papaparse where they must be (a comma, quote, CR or LF; also
 * a leading or trailing space, which some readers would trim) and each ended by CRLF.
 */
export function csvLines(rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return "";
  const neutralised = rows.map((cells) => cells.map(neutraliseCell));
  return `${Papa.unparse(neutralised, { delimiter: ",", newline: "\r\n", quoteChar: '"' })}\r\n`;
}

/** One record, neutralised, quoted and ended by CRLF. */
export function csvLine(cells: readonly string[]): string {
  return csvLines([cells]);
}

export const CSV_BOM = "\uFEFF";

/** A whole document (the tests' reference; exports stream through `csvStream`). */
export function serializeCsv(rows: readonly (readonly string[])[]): string {
  return CSV_BOM + csvLines(rows);
}

/**
 * A CSV byte stream: the header, then each batch of rows as the consumer asks for it. Pulling
 * (not pushing) bounds memory to about one batch whatever the size of the export, and a client
 * that goes away stops the source through `return()`.
 */
export function csvStream(
  header: readonly string[],
  batches: AsyncIterable<readonly (readonly string[])[]>,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = batches[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(CSV_BOM + csvLine(header)));
    },
    async pull(controller) {
      // A pull that enqueues nothing is not called again: skip empty batches here.
      for (;;) {
        const next = await iterator.next();
        if (next.done) return controller.close();
        if (next.value.length > 0) {
          return controller.enqueue(encoder.encode(csvLines(next.value)));
        }
      }
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

/** `contacts-2026-11-01.csv` (the UTC date). */
export function exportFileName(now: Date): string {
  return `contacts-${now.toISOString().slice(0, 10)}.csv`;
}

// Columns of the contacts export. Lists (tags, channels) are joined by ", " (tags by the one rule of
// tags.ts, so the importer splits them back) as the filter URL
// writes them; dates are ISO 8601 in UTC. Each lead field the org's vertical asks about has its
// own `lead.<key>` column (the importer maps columns to lead field keys); answers under other keys
// (an earlier vertical's) go into `other_lead_fields` as a JSON object so nothing is dropped.
const BASE_COLUMNS = [
  "id",
  "name",
  "phone",
  "email",
  "tags",
  "lead_status",
  "last_contacted_at",
  "channels",
  "created_at",
] as const;

export function contactCsvHeader(leadFieldKeys: readonly string[]): string[] {
  return [...BASE_COLUMNS, ...leadFieldKeys.map((key) => `lead.${key}`), "other_lead_fields"];
}

export function contactCsvCells(row: ContactListRow, leadFieldKeys: readonly string[]): string[] {
  const known = new Set(leadFieldKeys);
  const others = Object.fromEntries(Object.entries(row.leadFields).filter(([k]) => !known.has(k)));
  return [
    row.id,
    row.name ?? "",
    row.phoneE164 ?? "",
    row.email ?? "",
    joinTags(row.tags),
    row.leadStatus,
    row.lastInteractionAt?.toISOString() ?? "",
    row.channels.join(", "),
    row.createdAt.toISOString(),
    ...leadFieldKeys.map((key) => String(row.leadFields[key] ?? "")),
    Object.keys(others).length > 0 ? JSON.stringify(others) : "",
  ];
}
