import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { slugify } from "./sign-up";

const SUFFIX = /-[0-9a-f]{6}$/;
const WELL_FORMED = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function base(slug: string): string {
  return slug.replace(SUFFIX, "");
}

describe("slugify", () => {
  it("lower-cases, strips accents and joins words with single hyphens", () => {
    const slug = slugify("  Café Déjà Vu — Real Estate & Co.  ");
    expect(slug).toMatch(SUFFIX);
    expect(base(slug)).toBe("cafe-deja-vu-real-estate-co");
  });

  it("falls back to 'org' when nothing usable is left", () => {
    for (const name of ["", "!!!", "日本語", "   "]) expect(base(slugify(name))).toBe("org");
  });

  it("adds a random suffix, so the same name gives different slugs", () => {
    const slugs = new Set(Array.from({ length: 30 }, () => slugify("Acme")));
    expect(slugs.size).toBe(30);
  });

  it("keeps the name part to 40 characters", () => {
    expect(base(slugify("a".repeat(100)))).toBe("a".repeat(40));
  });

  it("always produces a URL-safe slug for names without a hyphen at the cut", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 38 }), (name) => {
        const slug = slugify(name);
        expect(slug).toMatch(SUFFIX);
        expect(slug).toMatch(WELL_FORMED);
      }),
      { numRuns: 500 },
    );
  });

  // Regression: trimming before the 40-character cut once left "--" before the suffix.
  it("never leaves a double hyphen where the name is cut", () => {
    expect(slugify(`${"a".repeat(39)} tail`)).toMatch(WELL_FORMED);
  });
});
