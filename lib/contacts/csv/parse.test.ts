import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CsvError, detectDelimiter, parseCsv, uniqueHeaders, type CsvDelimiter } from "./parse";

/** RFC 4180 writing: a field is quoted when it must be (or always, to vary the input). */
function writeCsv(
  records: string[][],
  opts: {
    delimiter: CsvDelimiter;
    eol: string;
    quoteAll: boolean;
    bom: boolean;
    trailing: boolean;
  },
): string {
  const needsQuotes = (field: string, alone: boolean) =>
    opts.quoteAll ||
    field.includes(opts.delimiter) ||
    /["\r\n]/.test(field) ||
    // A record of one empty field would otherwise be an empty line.
    (alone && field === "");
  const body = records
    .map((r) =>
      r
        .map((f) => (needsQuotes(f, r.length === 1) ? `"${f.replaceAll('"', '""')}"` : f))
        .join(opts.delimiter),
    )
    .join(opts.eol);
  return (opts.bom ? "\uFEFF" : "") + body + (opts.trailing ? opts.eol : "");
}

const field = fc.string({
  unit: fc.constantFrom("a", "Z", "é", " ", ",", ";", "\t", '"', "\n", "\r", "'", "=", "1", "😀"),
  maxLength: 12,
});
const records = fc.array(fc.array(field, { minLength: 1, maxLength: 5 }), {
  minLength: 1,
  maxLength: 8,
});
const writing = fc.record({
  delimiter: fc.constantFrom<CsvDelimiter>(",", ";", "\t"),
  eol: fc.constantFrom("\r\n", "\n"),
  quoteAll: fc.boolean(),
  bom: fc.boolean(),
  trailing: fc.boolean(),
});

describe("parseCsv", () => {
  it("reads back whatever an RFC 4180 writer wrote", () => {
    fc.assert(
      fc.property(records, writing, (recs, opts) => {
        expect(parseCsv(writeCsv(recs, opts), { delimiter: opts.delimiter })).toEqual(recs);
      }),
      { numRuns: 500 },
    );
  });

  it("either reads any text or names the record whose quote is never closed", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom("a", ",", '"', "\n", "\r"), maxLength: 30 }),
        (text) => {
          try {
            const rows = parseCsv(text);
            expect(rows.every((r) => r.length >= 1)).toBe(true);
          } catch (error) {
            expect(error).toBeInstanceOf(CsvError);
            expect((error as CsvError).record).toBeGreaterThanOrEqual(1);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it("handles quotes, escaped quotes, CRLF, LF, a BOM and embedded line breaks", () => {
    const text =
      '\uFEFFname,phone,notes\r\n"Martin, Camille",+33612345678,"said ""hi""\r\nthen left"\nJo,,\r\n';
    expect(parseCsv(text)).toEqual([
      ["name", "phone", "notes"],
      ["Martin, Camille", "+33612345678", 'said "hi"\r\nthen left'],
      ["Jo", "", ""],
    ]);
  });

  it("keeps a quote inside an unquoted cell, and refuses a quote closed too early or never", () => {
    expect(parseCsv('a"b,c\n')).toEqual([['a"b', "c"]]);
    // Text after a closing quote: papaparse would read on to the next quote, across rows.
    expect(() => parseCsv('name,phone\na"b,"c"d,x\nJo,1\n')).toThrow(
      new CsvError(
        "Row 2: a quoted value has text after its closing quote. Put the whole value inside the quotes.",
        2,
      ),
    );
    expect(parseCsv("")).toEqual([]);
    expect(parseCsv("a,\n\nb")).toEqual([["a", ""], [""], ["b"]]);
    expect(() => parseCsv('name\nok\n"never closed,\n')).toThrow(
      new CsvError("Row 3: a quoted value is never closed.", 3),
    );
  });

  it("refuses a NUL or another control character in any cell or header, naming its row and column", () => {
    fc.assert(
      fc.property(
        records,
        writing,
        fc.nat(),
        fc.nat(),
        fc.constantFrom("\u0000", "\u0001", "\u001f", "\u000b", "\ud83d"),
        (recs, opts, r, c, bad) => {
          const row = r % recs.length;
          const col = c % recs[row]!.length;
          const dirty = recs.map((rec, i) =>
            rec.map((cell, j) => (i === row && j === col ? `${cell}${bad}x` : cell)),
          );
          let thrown: unknown;
          try {
            parseCsv(writeCsv(dirty, opts), { delimiter: opts.delimiter });
          } catch (error) {
            thrown = error;
          }
          expect(thrown).toBeInstanceOf(CsvError);
          // An earlier cell can fail first only if it is that cell; here only one is dirty.
          expect((thrown as CsvError).record).toBe(row + 1);
          expect((thrown as CsvError).message).toMatch(
            new RegExp(
              `^Row ${row + 1}( \\(the header row\\))?, column ${col + 1}: .*can't be imported`,
            ),
          );
        },
      ),
      { numRuns: 300 },
    );
    expect(() => parseCsv("name,phone\nAda\u0000,+33612345678\n")).toThrow(
      new CsvError(
        "Row 2, column 1: this cell contains an invisible null character, which can't be imported. Remove it from the file and choose it again.",
        2,
      ),
    );
  });

  it("never evaluates a cell: formulas stay text", () => {
    expect(parseCsv("=1+1,'=2+2,@SUM(A1)")).toEqual([["=1+1", "'=2+2", "@SUM(A1)"]]);
  });
});

describe("detectDelimiter and uniqueHeaders", () => {
  it("finds the header line's delimiter, ignoring quoted ones", () => {
    expect(detectDelimiter("name;phone;email\nx,y;z")).toBe(";");
    expect(detectDelimiter('"a;b;c",phone\n')).toBe(",");
    expect(detectDelimiter("name\tphone\n")).toBe("\t");
    expect(detectDelimiter("name\n")).toBe(",");
  });

  it("names every column once", () => {
    expect(uniqueHeaders(["Email", " Email ", "", "Email (2)", "Phone"])).toEqual([
      "Email",
      "Email (2)",
      "Column 3",
      "Email (2) (2)",
      "Phone",
    ]);
    fc.assert(
      fc.property(fc.array(fc.constantFrom("", "a", "a (2)", " a"), { maxLength: 10 }), (cells) => {
        expect(new Set(uniqueHeaders(cells)).size).toBe(cells.length);
      }),
    );
  });
});
