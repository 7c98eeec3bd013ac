// CSV reading for contact imports, in the browser (mapping preview) and in the import job alike:
// papaparse reads the records (RFC 4180 quoting, a leading byte-order mark) and guesses the
// delimiter; this file keeps Luneo's rules on top of it. Line ends may be CRLF, LF or a lone CR,
// mixed in one file (papaparse reads one kind per file: they are made uniform first, outside
// quotes). A quote that is never closed, or closed with text after it, is refused with its row
// rather than guessed at (papaparse would swallow the rest of the file into one cell). Cells are
// returned as text, never interpreted. A cell holding a character that cannot be stored (NUL,
// other control characters but tab/CR/LF, a broken surrogate) is refused with its row and column.

import Papa from "papaparse";
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

/** CRLF and lone CR outside quotes become LF; line breaks inside quoted cells stay as written. */
function uniformLineEnds(text: string): string {
  if (!text.includes("\r")) return text;
  let out = "";
  let from = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // A doubled quote inside a quoted cell toggles twice: still quoted.
    if (c === QUOTE) quoted = !quoted;
    else if (c === CR && !quoted) {
      out += `${text.slice(from, i)}\n`;
      if (text.charCodeAt(i + 1) === LF) i += 1;
      from = i + 1;
    }
  }
  return out + text.slice(from);
}

const rowName = (at: number) => `Row ${at}${at === 1 ? " (the header row)" : ""}`;

/** Every record of `input` as an array of cells. An empty input has no records. */
export function parseCsv(input: string, options: { delimiter?: CsvDelimiter } = {}): string[][] {
  const text = uniformLineEnds(input);
  const { data, errors } = Papa.parse<string[]>(text, {
    delimiter: options.delimiter ?? ",",
    newline: "\n",
    quoteChar: '"',
    escapeChar: '"',
    skipEmptyLines: false,
    dynamicTyping: false,
  });
  // A final line break ends the last record; it does not start an empty one.
  if (/\n$/.test(text) && data.length > 0) data.pop();
  const quoteError = errors.find((e) => e.type === "Quotes");
  const checkedRecords = quoteError ? Math.min(quoteError.row ?? 0, data.length) : data.length;
  for (let r = 0; r < checkedRecords; r++) {
    const record = data[r]!;
    for (let c = 0; c < record.length; c++) {
      const invalid = invalidCharIn(record[c]!);
      if (invalid) {
        throw new CsvError(
          `${rowName(r + 1)}, column ${c + 1}: this cell contains ${invalid.replace(/ on line \d+$/, "")}, which can't be imported. Remove it from the file and choose it again.`,
          r + 1,
        );
      }
    }
  }
  if (quoteError) {
    const at = (quoteError.row ?? 0) + 1;
    throw new CsvError(
      quoteError.code === "MissingQuotes"
        ? `Row ${at}: a quoted value is never closed.`
        : `Row ${at}: a quoted value has text after its closing quote. Put the whole value inside the quotes.`,
      at,
    );
  }
  return data;
}

/**
 * The delimiter of a file: the one of `,` `;` tab that splits its first lines most consistently
 * (papaparse's guess; spreadsheets in many European locales write `;`). Comma when none does.
 */
export function detectDelimiter(input: string): CsvDelimiter {
  const { meta } = Papa.parse(uniformLineEnds(input.slice(0, 64 * 1024)), {
    delimitersToGuess: [...CSV_DELIMITERS],
    newline: "\n",
    preview: 10,
    skipEmptyLines: true,
  });
  const guessed = meta.delimiter as CsvDelimiter;
  return CSV_DELIMITERS.includes(guessed) ? guessed : ",";
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
