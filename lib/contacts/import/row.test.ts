import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { serializeCsv } from "../csv/write";
import { cellValue, guessMapping, importMappingSchema, leadFieldKey, readCsvFile } from "./mapping";
import { parseImportRow } from "./row";

describe("guessing the mapping from the header row", () => {
  it("recognises usual names for each field, and a second phone or email", () => {
    expect(
      guessMapping([
        "Full name",
        "Tel",
        "Mobile",
        "E-mail",
        "Work email",
        "Tags",
        "Langue",
        "Status",
        "Budget",
      ]),
    ).toEqual({
      "Full name": "name",
      Tel: "phone",
      Mobile: "phone2",
      "E-mail": "email",
      "Work email": "email2",
      Tags: "tags",
      Langue: "language",
      Status: "leadStatus",
      Budget: "ignore",
    });
    expect(leadFieldKey("Budget (€)")).toBe("budget");
    expect(leadFieldKey("Surface habitable m²")).toBe("surface_habitable_m");
  });

  it("always gives a mapping the schema accepts, once a phone or email is among the guesses", () => {
    const header = fc.constantFrom("Name", "Phone", "Phone", "Email", "Tel", "x", "Tags", "Status");
    fc.assert(
      fc.property(fc.uniqueArray(header, { maxLength: 8 }), (headers) => {
        const mapping = guessMapping(headers);
        const parsed = importMappingSchema.safeParse(mapping);
        const hasIdentity = Object.values(mapping).some((t) => /^(phone|email)/.test(t));
        expect(parsed.success).toBe(hasIdentity);
      }),
    );
  });

  it("refuses a mapping without phone or email, or with a field twice", () => {
    expect(importMappingSchema.safeParse({ Name: "name" }).success).toBe(false);
    expect(importMappingSchema.safeParse({ A: "phone", B: "phone" }).success).toBe(false);
    expect(importMappingSchema.safeParse({ A: "phone", B: "leadField:Bad Key" }).success).toBe(
      false,
    );
    expect(
      importMappingSchema.safeParse({ A: "phone", B: "leadField:budget", C: "ignore", D: "ignore" })
        .success,
    ).toBe(true);
  });
});

describe("reading a row", () => {
  const headers = ["Name", "Phone", "Email", "Tags", "Lang", "Status", "Budget"];
  const mapping = {
    Name: "name",
    Phone: "phone",
    Email: "email",
    Tags: "tags",
    Lang: "language",
    Status: "leadStatus",
    Budget: "leadField:budget",
  } as const;

  it("normalises phones, emails, tags, language and status", () => {
    expect(
      parseImportRow(
        headers,
        [
          " Camille ",
          "06 12 34 56 78",
          "Camille@Example.FR",
          "vip; buyer|vip",
          "fr_fr",
          "Qualified",
          "500k",
        ],
        mapping,
        "FR",
      ),
    ).toEqual({
      ok: true,
      value: {
        name: "Camille",
        phones: ["+33612345678"],
        emails: ["camille@example.fr"],
        tags: ["vip", "buyer"],
        language: "fr-FR",
        leadStatus: "qualified",
        leadFields: { budget: "500k" },
      },
      warnings: [],
    });
  });

  it("keeps a row whose phone is bad when its email still identifies the person, with a warning", () => {
    const verdict = parseImportRow(
      headers,
      ["Jo", "555-26", "jo@example.com", "", "", "", ""],
      mapping,
      "FR",
    );
    expect(verdict).toEqual({
      ok: true,
      value: expect.objectContaining({ name: "Jo", phones: [], emails: ["jo@example.com"] }),
      warnings: [
        {
          field: "Phone",
          message: "“555-26” is not a phone number we can call. The row was imported without it.",
        },
      ],
    });
    // Another problem still skips the row, with every reason.
    const skipped = parseImportRow(
      headers,
      ["Jo", "555-26", "jo@example.com", "", "", "vip", ""],
      mapping,
      "FR",
    );
    expect(skipped.ok).toBe(false);
  });

  it("names the column and the reason of every problem", () => {
    const verdict = parseImportRow(
      headers,
      ["Jo", "12", "not-an-email", "", "klingon!", "vip", ""],
      mapping,
      "FR",
    );
    expect(verdict).toEqual({
      ok: false,
      problems: [
        { field: "Phone", message: "“12” is not a phone number we can call." },
        { field: "Email", message: "“not-an-email” is not an email address." },
        { field: "Lang", message: "“klingon!” is not a language tag such as en-US or fr." },
        {
          field: "Status",
          message: "“vip” is not one of: new, contacted, qualified, customer, lost.",
        },
      ],
    });
    expect(parseImportRow(headers, ["Jo"], mapping, "FR")).toEqual({
      ok: false,
      problems: [
        {
          field: "Phone",
          message: "No phone number or email address: nothing to find or create the contact by.",
        },
      ],
    });
  });

  it("removes the export's formula apostrophe and nothing else; cells stay text", () => {
    expect(cellValue("'=SUM(A1)")).toBe("=SUM(A1)");
    expect(cellValue("'+33612345678")).toBe("+33612345678");
    expect(cellValue("'-5")).toBe("-5");
    expect(cellValue("'@home")).toBe("@home");
    expect(cellValue("'quoted'")).toBe("'quoted'");
    expect(cellValue("''=x")).toBe("'=x");
    expect(cellValue("=1+1")).toBe("=1+1");
    fc.assert(
      fc.property(fc.string(), (s) => {
        const out = cellValue(s);
        expect(out === s.trim() || (s[0] === "'" && out === s.slice(1).trim())).toBe(true);
      }),
    );
  });

  it("reads back a file exported by Luneo exactly, formulas and apostrophes included", () => {
    const cell = fc.string({
      unit: fc.constantFrom("a", "=", "+", "-", "@", "'", "\t", ",", '"', "\n", " "),
      maxLength: 6,
    });
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 2, maxLength: 2 }), { maxLength: 5 }),
        (rows) => {
          const nonBlank = rows
            .map((r) => r.map((c) => c.trim()))
            .filter((r) => r.some((c) => c !== ""));
          const file = readCsvFile(serializeCsv([["Name", "Phone"], ...rows]));
          expect(file.rows.map((r) => r.cells.map(cellValue))).toEqual(nonBlank);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("numbers data rows as a spreadsheet does and leaves blank lines out", () => {
    const file = readCsvFile(
      'Name,Phone\r\n"Two\nlines",+33612345678\r\n\r\n,\r\nJo,+33612345679\r\n',
    );
    expect(file.headers).toEqual(["Name", "Phone"]);
    expect(file.rows).toEqual([
      { row: 2, cells: ["Two\nlines", "+33612345678"] },
      { row: 5, cells: ["Jo", "+33612345679"] },
    ]);
    expect(readCsvFile("name;phone\nJo;+33612345679").rows[0]!.cells).toEqual([
      "Jo",
      "+33612345679",
    ]);
  });
});
