import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ValidationError } from "@/lib/errors";
import { parseInput } from "@/lib/parse-input";

// Every zod schema the app exports (server-action, API, job and provider schemas live in lib/),
// collected from the files that import zod rather than from a hand-kept list, so a new schema is
// covered on arrival. Files that pull in the Auth.js session or are "use server" files export no
// schemas (their schemas come from the files collected here).
const loaders = import.meta.glob<Record<string, unknown>>(["./**/*.ts", "!./**/*.test.ts"]);
const here = dirname(fileURLToPath(import.meta.url));
const catalogue: [string, z.ZodType][] = [];
for (const [file, load] of Object.entries(loaders)) {
  const source = readFileSync(join(here, file), "utf8");
  if (!source.includes('from "zod"') || /^"use server"/m.test(source)) continue;
  if (/from "(next-auth|@\/lib\/auth\/auth|@\/lib\/actions)"/.test(source)) continue;
  for (const [name, value] of Object.entries(await load()))
    if (value instanceof z.ZodType) catalogue.push([`${file}:${name}`, value]);
}

const BAD_CHARS = ["\u0000", "\u0001", "\u001b", "\u0008", "\ud800", "\udc00"];

/** An object shaped like the schema (its keys when it has a shape), with arbitrary values. */
function shapedInput(schema: z.ZodType): fc.Arbitrary<Record<string, unknown>> {
  const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape;
  const keys = shape ? Object.keys(shape) : ["name", "value"];
  return fc.record(Object.fromEntries(keys.map((k) => [k, fc.oneof(fc.string(), fc.anything())])), {
    requiredKeys: [],
  });
}

/** Puts a bad character into one string at a random path, and returns that path. */
const withBadChar = (schema: z.ZodType) =>
  fc
    .tuple(
      shapedInput(schema),
      fc.string(),
      fc.nat(),
      fc.constantFrom(...BAD_CHARS),
      fc.array(fc.oneof(fc.string({ minLength: 1, maxLength: 6 }), fc.nat({ max: 3 })), {
        maxLength: 3,
      }),
    )
    .map(([base, text, at, bad, nesting]) => {
      const keys = Object.keys(schema instanceof z.ZodObject ? schema.shape : base);
      const top = keys.length ? keys[at % keys.length]! : "name";
      const position = text.length ? at % (text.length + 1) : 0;
      let value: unknown = text.slice(0, position) + bad + text.slice(position);
      const path = [top];
      // Nest it in arrays and objects for list fields and JSON bodies.
      for (const step of nesting.toReversed()) {
        value =
          typeof step === "number" ? [...Array<string>(step).fill("ok"), value] : { [step]: value };
        path.splice(1, 0, String(step));
      }
      // Keys are stripped of nothing: a nesting key with a bad character is reported at its parent.
      return { input: { ...base, [top]: value }, path: path.join(".") };
    });

describe("schema catalogue", () => {
  it("finds the app's schemas", () => {
    const names = catalogue.map(([name]) => name);
    expect(catalogue.length).toBeGreaterThan(30);
    for (const expected of [
      "./contacts/profile/schemas.ts:createContactSchema",
      "./tenancy/schemas.ts:signUpSchema",
      "./contacts/import/mapping.ts:startImportSchema",
    ]) {
      expect(names).toContain(expected);
    }
  });

  it.each(catalogue)(
    "%s: a NUL or other invalid character in any string is a field error",
    (_, schema) => {
      fc.assert(
        fc.property(withBadChar(schema), ({ input, path }) => {
          let thrown: unknown;
          try {
            parseInput(schema, input);
          } catch (error) {
            thrown = error;
          }
          expect(thrown).toBeInstanceOf(ValidationError);
          const fieldErrors = (thrown as ValidationError).fieldErrors!;
          // The field with the character is named, or (for a bad key) one of its parents.
          const named = Object.keys(fieldErrors);
          expect(named.some((key) => path === key || path.startsWith(`${key}.`))).toBe(true);
          for (const messages of Object.values(fieldErrors))
            for (const message of messages) expect(message).toMatch(/can't be saved/);
        }),
        { numRuns: 30 },
      );
    },
  );

  it("a NUL in FormData is a field error on that field", () => {
    const form = new FormData();
    form.set("name", "Ada\u0000");
    expect(() => parseInput(z.object({ name: z.string() }), form)).toThrow(ValidationError);
    try {
      parseInput(z.object({ name: z.string() }), form);
    } catch (error) {
      expect((error as ValidationError).fieldErrors).toEqual({
        name: [
          "This contains an invisible null character, which can't be saved. Delete it or type the text again.",
        ],
      });
    }
  });

  it("tab, CR, LF and whole emoji are ordinary text", () => {
    const schema = z.object({ note: z.string() });
    expect(parseInput(schema, { note: "a\tb\r\nc 😀" })).toEqual({ note: "a\tb\r\nc 😀" });
  });
});

describe("messages are written for people", () => {
  const DEVELOPER_WORDING =
    /expected \w+, received|Invalid input|Invalid option|Too small|Too big|Unrecognized key/i;

  it.each(catalogue)(
    "%s: no message says “expected …, received” or “Invalid input”",
    (_, schema) => {
      const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape;
      const keys = shape ? Object.keys(shape) : [];
      const arbitraryInput = fc.oneof(
        fc.anything(),
        fc.dictionary(fc.constantFrom(...keys, "extra"), fc.anything()),
        fc.dictionary(
          fc.constantFrom(...keys, "extra"),
          fc.oneof(fc.constant(Number.NaN), fc.constant(undefined), fc.string(), fc.integer()),
        ),
      );
      fc.assert(
        fc.property(arbitraryInput, (input) => {
          try {
            parseInput(schema, input);
          } catch (error) {
            expect(error).toBeInstanceOf(ValidationError);
            for (const messages of Object.values((error as ValidationError).fieldErrors ?? {}))
              for (const message of messages) expect(message).not.toMatch(DEVELOPER_WORDING);
          }
        }),
        { numRuns: 40 },
      );
    },
  );

  it("the two messages people saw now read as sentences", () => {
    const schema = z.object({ n: z.coerce.number(), tags: z.array(z.string()) });
    try {
      parseInput(schema, { n: "abc" });
      expect.unreachable();
    } catch (error) {
      expect((error as ValidationError).fieldErrors).toEqual({
        n: ["Enter a number."],
        tags: ["This field is required."],
      });
    }
  });
});
