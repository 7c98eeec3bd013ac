import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toState, toInput, type ProfileValues } from "@/components/contacts/profile-form-state";
import { contactCsvCells, contactCsvHeader, serializeCsv } from "./csv/write";
import { contactFilterSchema } from "./filters";
import { guessMapping, readCsvFile } from "./import/mapping";
import { parseImportRow } from "./import/row";
import type { ContactListRow } from "./queries";
import { profileSchema } from "./profile/schemas";
import { joinTags, splitTags, tagSchema } from "./tags";

const row = (tags: string[]): ContactListRow => ({
  id: "0b8f8a52-3d4e-4c1a-9f7e-2a6b1c0d9e8f",
  name: "Léa Martin",
  phoneE164: "+33612345678",
  email: null,
  tags,
  leadStatus: "new",
  leadFields: {},
  lastInteractionAt: null,
  channels: [],
  createdAt: new Date("2026-11-01T10:00:00Z"),
});

/** A contact exported to CSV by the export route's functions, then read by the importer's. */
function exportThenImport(tags: string[]): string[] {
  const csv = serializeCsv([contactCsvHeader([]), contactCsvCells(row(tags), [])]);
  const file = readCsvFile(csv);
  const verdict = parseImportRow(
    file.headers,
    file.rows[0]!.cells,
    guessMapping(file.headers),
    "FR",
  );
  if (!verdict.ok) throw new Error(JSON.stringify(verdict.problems));
  return verdict.value.tags;
}

// Any list of tags the profile schema accepts: each valid, none twice.
const validTag = fc
  .string({ minLength: 1, maxLength: 50, unit: "grapheme" })
  .filter((t) => tagSchema.safeParse(t).success && t === t.trim());
const validTags = fc.uniqueArray(validTag, { maxLength: 30 });

describe("one rule for tags", () => {
  it("reads 'seller, vip' as two tags in the form, the filter and the import alike", () => {
    expect(splitTags("seller, vip")).toEqual(["seller", "vip"]);
    expect(splitTags(" seller ;vip| buyer,,seller ")).toEqual(["seller", "vip", "buyer"]);
    expect(contactFilterSchema.parse({ tags: "seller, vip" }).tags).toEqual(["seller", "vip"]);
    const values: ProfileValues = {
      name: null,
      phones: ["+33612345678"],
      emails: [],
      language: null,
      tags: [],
      leadStatus: "new",
      leadFields: {},
      preferences: {},
      consent: {},
    };
    const state = { ...toState(values), tags: "seller, vip" };
    const result = toInput(state, [], values);
    expect("input" in result && result.input.tags).toEqual(["seller", "vip"]);
    const file = readCsvFile('name,phone,tags\r\nLéa,0612345678,"seller, vip"\r\n');
    const verdict = parseImportRow(
      file.headers,
      file.rows[0]!.cells,
      guessMapping(file.headers),
      "FR",
    );
    expect(verdict.ok && verdict.value.tags).toEqual(["seller", "vip"]);
  });

  it("refuses a tag holding a separator, with a message", () => {
    const parsed = profileSchema.safeParse({ tags: ["seller, vip"] });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe("A tag cannot contain a comma, ; or |.");
  });

  it("export then import gives the same tags back (property)", () => {
    fc.assert(
      fc.property(validTags, (tags) => {
        expect(profileSchema.parse({ tags }).tags).toEqual(tags);
        expect(splitTags(joinTags(tags))).toEqual(tags);
        expect(exportThenImport(tags)).toEqual(tags);
      }),
      { numRuns: 300 },
    );
  });
});
