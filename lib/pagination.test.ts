import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, keysetPage } from "./pagination";

// Dates a timestamptz column can hold and JSON can carry (ISO strings, millisecond precision).
const dates = fc.date({
  min: new Date("1970-01-01T00:00:00Z"),
  max: new Date("2999-12-31T23:59:59Z"),
  noInvalidDate: true,
});

describe("keyset cursors", () => {
  it("round-trips any (timestamp, uuid) pair", () => {
    fc.assert(
      fc.property(dates, fc.uuid(), (at, id) => {
        const raw = encodeCursor({ at, id });
        expect(raw).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(decodeCursor(raw)).toEqual({ at, id });
      }),
    );
  });

  it("reads a missing cursor as the start", () => {
    expect(decodeCursor(null)).toBeNull();
    expect(decodeCursor(undefined)).toBeNull();
    expect(decodeCursor("")).toBeNull();
  });

  it("reads any malformed cursor as the start and never throws", () => {
    fc.assert(
      fc.property(fc.string(), (raw) => {
        const decoded = decodeCursor(raw);
        if (decoded !== null) {
          expect(decoded.at).toBeInstanceOf(Date);
          expect(Number.isNaN(decoded.at.getTime())).toBe(false);
        }
      }),
      { numRuns: 500 },
    );
  });

  it.each([
    ["not JSON", Buffer.from("hello").toString("base64url")],
    ["JSON without fields", Buffer.from("{}").toString("base64url")],
    [
      "an invalid id",
      Buffer.from(JSON.stringify({ at: "2025-01-01T00:00:00Z", id: "1; drop table" })).toString(
        "base64url",
      ),
    ],
    [
      "an invalid date",
      Buffer.from(
        JSON.stringify({ at: "yesterday", id: "7a0b3c2d-1e4f-4a5b-8c6d-7e8f9a0b1c2d" }),
      ).toString("base64url"),
    ],
    ["a JSON array", Buffer.from("[1,2]").toString("base64url")],
    ["JSON null", Buffer.from("null").toString("base64url")],
  ])("rejects a cursor with %s", (_label, raw) => {
    expect(decodeCursor(raw)).toBeNull();
  });
});

describe("keysetPage", () => {
  const rows = [3, 2, 1].map((n) => ({
    id: `00000000-0000-4000-8000-00000000000${n}`,
    at: new Date(n),
  }));
  const keyOf = (r: (typeof rows)[number]) => ({ at: r.at, id: r.id });

  it("keeps the first `limit` rows and points after the last of them when one more was fetched", () => {
    const { page, nextCursor } = keysetPage(rows, 2, keyOf);
    expect(page).toEqual(rows.slice(0, 2));
    expect(decodeCursor(nextCursor)).toEqual(keyOf(rows[1]!));
  });

  it("has no next page when no extra row came back", () => {
    expect(keysetPage(rows, 3, keyOf).nextCursor).toBeNull();
    expect(keysetPage([], 3, keyOf)).toEqual({ page: [], nextCursor: null });
  });
});
