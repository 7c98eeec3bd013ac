// An RFC 4180 CSV reader for contact imports, in the browser (mapping preview) and in the import
// job alike. It reads quoted fields with embedded delimiters, line breaks and doubled quotes, CRLF,
// LF or lone CR line ends and a leading byte-order mark. It is lenient where spreadsheets are
// sloppy (text after a closing quote, a quote inside an unquoted field are kept as written) and
// strict only where guessing would swallow the rest of the file: an unclosed quote.
// Cells are returned as text, never interpreted. A cell holding a character that cannot be stored
// (NUL, other control characters but tab/CR/LF, a broken surrogate) is refused with its row.

import { invalidCharIn } from "@/lib/text/control-chars";

export class CsvError extends Error {
  override name = "CsvError";
  constructor(
    message: string,
    /** 1-based record number where the problem starts (the header is record 1). */
    readonly record: number,
  ) {
    super(message);
  }
}

export type CsvDelimiter = "," | ";" | "\t";
export const CSV_DELIMITERS: readonly CsvDelimiter[] = [",", ";", "\t"];

const QUOTE = 34;
const LF = 10;
const CR = 13;

function fieldEnd(text: string, from: number, delimiter: number): number {
  let k = from;
  for (; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === delimiter || c === LF || c === CR) return k;
  }
  return k;
}

/** Every record of `input` as an array of cells. An empty input has no records. */
export function parseCsv(input: string, options: { delimiter?: CsvDelimiter } = {}): string[][] {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const delimiter = (options.delimiter ?? ",").charCodeAt(0);
  const records: string[][] = [];
  const n = text.length;
  if (n === 0) return records;
  let record: string[] = [];
  let i = 0;
  for (;;) {
    let value: string;
    if (text.charCodeAt(i) === QUOTE) {
      value = "";
      let j = i + 1;
      for (;;) {
        const close = text.indexOf('"', j);
        if (close === -1) {
          const at = records.length + 1;
          throw new CsvError(`Row ${at}: a quoted value is never closed.`, at);
        }
        value += text.slice(j, close);
        if (text.charCodeAt(close + 1) === QUOTE) {
          value += '"';
          j = close + 2;
        } else {
          i = close + 1;
          break;
        }
      }
      const end = fieldEnd(text, i, delimiter);
      value += text.slice(i, end);
      i = end;
    } else {
      const end = fieldEnd(text, i, delimiter);
      value = text.slice(i, end);
      i = end;
    }
    const invalid = invalidCharIn(value);
    if (invalid) {
      const at = records.length + 1;
      throw new CsvError(
        `Row ${at}${at === 1 ? " (the header row)" : ""}, column ${record.length + 1}: this cell contains ${invalid.replace(/ on line \d+$/, "")}, which can't be imported. Remove it from the file and choose it again.`,
        at,
      );
    }
    record.push(value);
    if (i >= n) {
      records.push(record);
      return records;
    }
    const c = text.charCodeAt(i);
    if (c === delimiter) {
      i += 1;
      continue;
    }
    i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
    records.push(record);
    record = [];
    // A final line break ends the last record; it does not start an empty one.
    if (i >= n) return records;
  }
}

/**
 * The delimiter of a file: the one of `,` `;` tab that occurs most often, outside quotes, in its
 * first line (spreadsheets in many European locales write `;`). Comma when there is none.
 */
export function detectDelimiter(input: string): CsvDelimiter {
  const counts = new Map<CsvDelimiter, number>(CSV_DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (let i = 0; i < input.length && i < 64 * 1024; i++) {
    const ch = input[i]!;
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === "\n" || ch === "\r")) break;
    else if (!quoted && counts.has(ch as CsvDelimiter)) {
      counts.set(ch as CsvDelimiter, counts.get(ch as CsvDelimiter)! + 1);
    }
  }
  let best: CsvDelimiter = ",";
  for (const d of CSV_DELIMITERS) if (counts.get(d)! > counts.get(best)!) best = d;
  return best;
}

/** A file's header cells as unique, non-empty column names ("Email", "Email (2)", "Column 3"). */
export function uniqueHeaders(cells: string[]): string[] {
  const used = new Set<string>();
  return cells.map((cell, i) => {
    const base = cell.trim() || `Column ${i + 1}`;
    let name = base;
    for (let k = 2; used.has(name); k++) name = `${base} (${k})`;
    used.add(name);
    return name;
  });
}
