import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson, jsonEqual } from "./json";

/** The same data with every object's keys in reverse order. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, v]) => [k, reversedKeys(v)]),
    );
  return value;
}

describe("jsonEqual", () => {
  it("ignores key order, at every depth", () => {
    expect(
      jsonEqual({ a: 1, b: { c: [1, { d: 2, e: 3 }] } }, { b: { c: [1, { e: 3, d: 2 }] }, a: 1 }),
    ).toBe(true);
    fc.assert(fc.property(fc.jsonValue(), (v) => jsonEqual(v, reversedKeys(v))));
  });

  it("is true of a value and its copy through JSON", () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => jsonEqual(v, JSON.parse(JSON.stringify(v)))));
  });

  it("tells different data apart", () => {
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
    expect(jsonEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(jsonEqual({ a: null }, {})).toBe(false);
    expect(jsonEqual("1", 1)).toBe(false);
    expect(jsonEqual({ a: { b: 1 } }, { a: { b: 2 } })).toBe(false);
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.jsonValue(),
        (a, b) =>
          jsonEqual(a, b) ===
          (JSON.stringify(a) === JSON.stringify(b) || jsonEqual(reversedKeys(a), b)),
      ),
    );
  });

  it("treats an undefined key as missing, and a date as its instant", () => {
    expect(jsonEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(jsonEqual(new Date("2026-01-01T00:00:00Z"), new Date(Date.UTC(2026, 0, 1)))).toBe(true);
    expect(jsonEqual(new Date("2026-01-01T00:00:00Z"), new Date("2026-01-02T00:00:00Z"))).toBe(
      false,
    );
  });
});

describe("canonicalJson", () => {
  it("gives equal text for equal data and survives cycles and bigints", () => {
    expect(canonicalJson({ b: 2, a: 1 })).toBe('{"a":1,"b":2}');
    const cyclic: Record<string, unknown> = { n: 10n };
    cyclic.self = cyclic;
    expect(canonicalJson(cyclic)).toBe('{"n":"10","self":"[Circular]"}');
    expect(canonicalJson(undefined)).toBe("null");
  });
});
