import fc from "fast-check";
import type { CountryCode } from "libphonenumber-js";
import { describe, expect, it } from "vitest";
import { isWithheld, toE164 } from "./phone";

const E164 = /^\+[1-9]\d{6,14}$/;

describe("toE164", () => {
  it.each([
    ["06 12 34 56 78", "FR", "+33612345678"],
    ["06.12.34.56.78", "FR", "+33612345678"],
    ["0612345678", "FR", "+33612345678"],
    ["+33 6 12 34 56 78", "FR", "+33612345678"],
    ["+33 (0)6 12 34 56 78", "FR", "+33612345678"],
    ["0033612345678", "FR", "+33612345678"],
    ["0033 6 12 34 56 78", "US", "+33612345678"],
    ["(415) 555-2671", "US", "+14155552671"],
    ["415.555.2671", "US", "+14155552671"],
    ["1-415-555-2671", "US", "+14155552671"],
    ["+1 415 555 2671", "FR", "+14155552671"],
    ["011 44 20 7946 0958", "US", "+442079460958"],
    ["020 7946 0958", "GB", "+442079460958"],
    ["  +16504817735  ", "US", "+16504817735"],
    ["tel:+14153902718", "US", "+14153902718"],
    ["+1 415-555-2671 ext. 12", "US", "+14155552671"],
  ] as [string, CountryCode, string][])("%s (%s) → %s", (raw, country, expected) => {
    expect(toE164(raw, country)).toBe(expected);
  });

  it.each([
    ["anonymous"],
    ["Anonymous"],
    ["ANONYMOUS"],
    ["restricted"],
    ["unknown"],
    ["Unavailable"],
    ["+266696687"],
    ["+7378742833"],
    ["+2562533"],
    ["+86282452253"],
    ["+8656696"],
    [""],
    ["   "],
    [null],
    [undefined],
  ])("withheld caller %j → null", (raw) => {
    expect(toE164(raw, "US")).toBeNull();
    expect(isWithheld(raw)).toBe(true);
  });

  it.each([
    ["12"],
    ["06 12 34"],
    ["hello"],
    ["client:alice"],
    ["+1 555 0000"],
    ["+999 123 456 789"],
    ["0033"],
    ["00"],
    ["+"],
  ])("invalid %j → null", (raw) => {
    expect(toE164(raw, "FR")).toBeNull();
  });

  it("does not mistake a real number for withheld", () => {
    expect(isWithheld("+16504817735")).toBe(false);
    expect(isWithheld("06 12 34 56 78")).toBe(false);
  });

  it("returns null rather than throwing for an unknown default country", () => {
    expect(toE164("06 12 34 56 78", "XX" as CountryCode)).toBeNull();
    expect(toE164("+33612345678", "XX" as CountryCode)).toBe("+33612345678");
  });

  it("never throws, and returns null or an E.164 string, whatever it is given", () => {
    const countries = fc.constantFrom<CountryCode>("FR", "US", "GB", "DE", "BE", "CH", "CA", "JP");
    const phoneish = fc
      .array(fc.constantFrom(..."0123456789 +-().".split("")), { maxLength: 24 })
      .map((chars) => chars.join(""));
    const inputs = fc.oneof(
      fc.string(),
      fc.string({ unit: "binary" }),
      fc.string({ unit: "grapheme", maxLength: 30 }),
      phoneish,
      phoneish.map((s) => `+${s}`),
      phoneish.map((s) => `00${s}`),
      fc.constantFrom(null, undefined),
    );
    fc.assert(
      fc.property(inputs, countries, (raw, country) => {
        const result = toE164(raw, country);
        if (result !== null) expect(result).toMatch(E164);
      }),
      { numRuns: 2000 },
    );
  });

  it("gives the same E.164 for every way of writing the same number", () => {
    // [E.164, country, national significant number, national (trunk) prefix]
    const numbers: [string, CountryCode, string, string][] = [
      ["+33612345678", "FR", "612345678", "0"],
      ["+33482530147", "FR", "482530147", "0"],
      ["+14155552671", "US", "4155552671", "1"],
      ["+16504817735", "US", "6504817735", ""],
      ["+442079460958", "GB", "2079460958", "0"],
      ["+4915123456789", "DE", "15123456789", "0"],
    ];
    const separators = fc.array(fc.constantFrom("", "", " ", "-", ".", " "), {
      minLength: 16,
      maxLength: 16,
    });
    const written = fc
      .tuple(fc.constantFrom(...numbers), fc.nat(3), separators)
      .map(([[e164, country, nsn, trunk], form, seps]) => {
        const digits = nsn
          .split("")
          .map((d, i) => (i === 0 ? d : `${seps[i] ?? ""}${d}`))
          .join("");
        const cc = e164.slice(1, e164.length - nsn.length);
        const text = [
          `${trunk}${digits}`, // national, as people type it
          `+${cc} ${digits}`, // international
          `00${cc}${seps[0]}${digits}`, // international with the 00 prefix
          `+${cc}${seps[1]}(${trunk || "0"})${digits}`, // "+33 (0)6…", common on business cards
        ][form]!;
        return { e164, country, text, form };
      });
    fc.assert(
      fc.property(written, ({ e164, country, text, form }) => {
        // "(1)" after +1 is not a thing anyone writes; skip that one combination.
        if (form === 3 && e164.startsWith("+1")) return;
        expect(toE164(text, country)).toBe(e164);
      }),
      { numRuns: 1000 },
    );
  });
});
