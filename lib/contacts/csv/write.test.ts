import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  contactCsvCells,
  contactCsvHeader,
  csvLine,
  csvStream,
  exportFileName,
  neutraliseCell,
  restoreCell,
  serializeCsv,
} from "./write";
import type { ContactListRow } from "../queries";

/**
 * A strict RFC 4180 reader (the test's own, so the writer is checked against the RFC rather than
 * against itself): CRLF between records, quoted fields with doubled quotes, nothing after a
 * closing quote but a separator.
 */
function parseCsv(text: string): string[][] {
  if (!text.startsWith("\uFEFF")) throw new Error("missing byte order mark");
  const input = text.slice(1);
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  const endField = (value: string) => {
    row.push(value);
    if (input[i] === ",") i += 1;
    else if (input.startsWith("\r\n", i)) {
      rows.push(row);
      row = [];
      i += 2;
    } else throw new Error(`unexpected ${JSON.stringify(input[i])} at ${i}`);
  };
  while (i < input.length) {
    if (input[i] === '"') {
      let value = "";
      i += 1;
      for (;;) {
        if (i >= input.length) throw new Error("unterminated quote");
        if (input[i] === '"') {
          if (input[i + 1] === '"') {
            value += '"';
            i += 2;
          } else {
            i += 1;
            break;
          }
        } else value += input[i++];
      }
      endField(value);
    } else {
      let end = i;
      while (end < input.length && input[end] !== "," && input[end] !== "\r") end += 1;
      const value = input.slice(i, end);
      if (/["\n]/.test(value)) throw new Error(`bare quote or LF in ${JSON.stringify(value)}`);
      i = end;
      endField(value);
    }
  }
  if (row.length > 0) throw new Error("last record not ended by CRLF");
  return rows;
}

describe("quoting (RFC 4180)", () => {
  it("leaves plain fields bare and quotes those with a comma, quote, CR or LF", () => {
    expect(csvLine(["a", "b c", ""])).toBe("a,b c,\r\n");
    expect(csvLine(["Martin, Camille"])).toBe('"Martin, Camille"\r\n');
    expect(csvLine(['Le "Phare"'])).toBe('"Le ""Phare"""\r\n');
    expect(csvLine(["line 1\nline 2", "a\r\nb"])).toBe('"line 1\nline 2","a\r\nb"\r\n');
  });

  it("quotes a cell with a leading or trailing space, so no reader trims it", () => {
    expect(csvLine([" Camille", "Martin ", "a b"])).toBe('" Camille","Martin ",a b\r\n');
  });

  it("starts the document with a byte order mark and ends every record with CRLF", () => {
    expect(serializeCsv([["name"], ["Müller"]])).toBe("\uFEFFname\r\nMüller\r\n");
    expect(
      parseCsv(
        serializeCsv([
          ["a", "b"],
          ["", ""],
        ]),
      ),
    ).toEqual([
      ["a", "b"],
      ["", ""],
    ]);
  });
});

describe("formula neutralisation (OWASP CSV injection)", () => {
  it.each([
    ['=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'],
    ["+33612345678", "'+33612345678"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tcmd", "'\tcmd"],
    ["\rcmd", "'\rcmd"],
    ["'quoted", "''quoted"],
    ["'", "''"],
  ])("%j is written %j", (value, written) => {
    expect(neutraliseCell(value)).toBe(written);
    expect(restoreCell(written)).toBe(value);
  });

  it.each(["Camille", "a=b", "", "1+1", " =1", "06 12 34 56 78"])("%j is left alone", (value) => {
    expect(neutraliseCell(value)).toBe(value);
    expect(restoreCell(value)).toBe(value);
  });

  it("a neutralised cell that also needs quoting is quoted around the apostrophe", () => {
    expect(csvLine(['=1,"2"'])).toBe(`"'=1,""2"""\r\n`);
  });

  it("round-trips any table: parse(serialize(rows)), apostrophes restored, is the table", () => {
    const cell = fc.oneof(
      fc.string(),
      fc.string({
        unit: fc.constantFrom("=", "+", "-", "@", "\t", "\r", "\n", '"', ",", "'", "a"),
      }),
      fc.constantFrom("+33612345678", "-1", "=1+1", "''", "\r\n"),
    );
    const table = fc.integer({ min: 1, max: 6 }).chain((width) =>
      fc.array(fc.array(cell, { minLength: width, maxLength: width }), {
        minLength: 1,
        maxLength: 8,
      }),
    );
    fc.assert(
      fc.property(table, (rows) => {
        const parsed = parseCsv(serializeCsv(rows));
        expect(parsed.map((r) => r.map(restoreCell))).toEqual(rows);
        // And no parsed cell would start a formula in a spreadsheet.
        for (const value of parsed.flat()) expect(value).not.toMatch(/^[=+\-@\t\r]/);
      }),
      { numRuns: 500 },
    );
  });
});

describe("contact rows", () => {
  const row: ContactListRow = {
    id: "0b6f3c52-4f7e-4c1a-9d55-3c1f0c7e2a10",
    name: "=cmd|' /C calc'!A0",
    phoneE164: "+33612345678",
    email: "camille@example.fr",
    tags: ["vip", "buyer"],
    leadStatus: "qualified",
    leadFields: { budget: 500000, area: "Harbour, north", legacy: "yes" },
    lastInteractionAt: new Date("2026-11-01T10:00:00.000Z"),
    channels: ["voice", "sms"],
    createdAt: new Date("2026-10-01T08:30:00.000Z"),
  };

  it("has one column per vertical lead field, and the others as JSON", () => {
    const keys = ["budget", "area"];
    const [header, cells] = parseCsv(
      serializeCsv([contactCsvHeader(keys), contactCsvCells(row, keys)]),
    );
    expect(Object.fromEntries(header!.map((h, i) => [h, cells![i]]))).toEqual({
      id: row.id,
      name: "'=cmd|' /C calc'!A0",
      phone: "'+33612345678",
      email: "camille@example.fr",
      tags: "vip, buyer",
      lead_status: "qualified",
      last_contacted_at: "2026-11-01T10:00:00.000Z",
      channels: "voice, sms",
      created_at: "2026-10-01T08:30:00.000Z",
      "lead.budget": "500000",
      "lead.area": "Harbour, north",
      other_lead_fields: '{"legacy":"yes"}',
    });
  });

  it("writes empty cells for what a contact lacks", () => {
    const bare = {
      ...row,
      name: null,
      phoneE164: null,
      email: null,
      tags: [],
      leadFields: {},
      lastInteractionAt: null,
      channels: [],
    };
    expect(contactCsvCells(bare, ["budget"])).toEqual([
      row.id,
      "",
      "",
      "",
      "",
      "qualified",
      "",
      "",
      "2026-10-01T08:30:00.000Z",
      "",
      "",
    ]);
  });

  it("names the file after the UTC date", () => {
    expect(exportFileName(new Date("2026-11-01T23:30:00.000Z"))).toBe("contacts-2026-11-01.csv");
  });
});

describe("csvStream", () => {
  async function* batchesOf(...batches: string[][][]) {
    yield* batches;
  }

  it("writes the header, then every batch, skipping empty ones", async () => {
    const stream = csvStream(["a", "b"], batchesOf([], [["1", "+2"]], [], [["3", "4"]]));
    const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    expect(parseCsv(text)).toEqual([
      ["a", "b"],
      ["1", "'+2"],
      ["3", "4"],
    ]);
  });

  it("pulls batches only as the reader asks, and stops the source when cancelled", async () => {
    let produced = 0;
    let finished = false;
    async function* endless() {
      try {
        for (;;) {
          produced += 1;
          yield [[String(produced)]];
        }
      } finally {
        finished = true;
      }
    }
    const reader = csvStream(["n"], endless()).getReader();
    await reader.read();
    await reader.read();
    expect(produced).toBeLessThanOrEqual(3);
    await reader.cancel();
    expect(finished).toBe(true);
  });
});
