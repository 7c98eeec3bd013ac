import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ValidationError } from "@/lib/errors";
import { collectFieldErrors, parseInput } from "./parse-input";

// Field names are the sender's: names a plain object inherits ("valueOf", "constructor",
// "__proto__") must be errors on those fields like any other, never a TypeError (a 500). Found by
// the property test in lib/input-schemas.test.ts (counterexample {"valueOf": false}).

// A record (the CSV import's column mapping is one): a bad value is an error on its own key.
const schema = z.record(z.string(), z.string());

function fieldErrorsOf(input: unknown): Record<string, string[]> {
  try {
    parseInput(schema, input);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).fieldErrors ?? {};
  }
  throw new Error("parseInput accepted the input");
}

describe("parseInput with fields named like inherited properties", () => {
  it.each(["valueOf", "constructor", "toString", "hasOwnProperty"])(
    "refuses a bad %s with a ValidationError on that field",
    (field) => {
      const errors = fieldErrorsOf(JSON.parse(`{"name": "Léa", "${field}": false}`));
      expect(Object.keys(errors)).toEqual([field]);
      expect(Object.hasOwn(errors, field)).toBe(true);
    },
  );

  it("keeps a __proto__ field's messages as its own entry", () => {
    expect(
      collectFieldErrors([
        ["__proto__", "Not allowed."],
        ["valueOf", "Not allowed."],
        ["valueOf", "Too long."],
      ]),
    ).toEqual(
      Object.fromEntries([
        ["__proto__", ["Not allowed."]],
        ["valueOf", ["Not allowed.", "Too long."]],
      ]),
    );
  });

  it("reads a form with a field named __proto__[] without it touching the object's prototype", () => {
    const form = new FormData();
    form.append("name", "Léa");
    form.append("__proto__[]", "x");
    const parsed = parseInput(z.object({ name: z.string() }), form);
    expect(parsed).toStrictEqual({ name: "Léa" });
  });
});
