import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonEqual } from "@/lib/json";
import {
  applyMergePatch,
  composeMergePatches,
  configChanges,
  diffAsMergePatch,
  isJsonObject,
  type Json,
  type JsonObject,
} from "./merge-patch";

// Keys from a small alphabet so that patches and templates actually collide.
const key = fc.constantFrom("a", "b", "c", "greeting", "hours", "mon", "knowledge");
const leaf = fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.boolean());
const { object } = fc.letrec<{ json: Json; object: JsonObject }>((tie) => ({
  json: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.array(leaf, { maxLength: 3 }),
    tie("object"),
  ),
  object: fc.dictionary(key, tie("json"), { maxKeys: 4 }),
}));
/** Null-free documents (what a template or resolved config is). */
const template = object as fc.Arbitrary<JsonObject>;
/** Patches may hold nulls (removals) at any depth. */
const { patch } = fc.letrec<{ patchValue: Json; patch: JsonObject }>((tie) => ({
  patchValue: fc.oneof({ depthSize: "small" }, leaf, fc.constant(null), tie("patch")),
  patch: fc.dictionary(key, tie("patchValue"), { maxKeys: 4 }),
}));

/** Every non-object leaf of a patch, with its path. */
function patchLeaves(p: JsonObject, path: string[] = []): Array<[string[], Json]> {
  return Object.entries(p).flatMap(([k, v]) =>
    isJsonObject(v) ? patchLeaves(v, [...path, k]) : [[[...path, k], v] as [string[], Json]],
  );
}
function at(doc: Json, path: string[]): Json | undefined {
  let cur: Json | undefined = doc;
  for (const k of path) cur = isJsonObject(cur) ? cur[k] : undefined;
  return cur;
}

describe("applyMergePatch (RFC 7386)", () => {
  it("follows the RFC's examples", () => {
    expect(applyMergePatch({ a: "b" }, { a: "c" })).toEqual({ a: "c" });
    expect(applyMergePatch({ a: "b" }, { b: "c" })).toEqual({ a: "b", b: "c" });
    expect(applyMergePatch({ a: "b" }, { a: null })).toEqual({});
    expect(applyMergePatch({ a: "b", b: "c" }, { a: null })).toEqual({ b: "c" });
    expect(applyMergePatch({ a: ["b"] }, { a: "c" })).toEqual({ a: "c" });
    expect(applyMergePatch({ a: "c" }, { a: ["b"] })).toEqual({ a: ["b"] });
    expect(applyMergePatch({ a: { b: "c" } }, { a: { b: "d", c: null } })).toEqual({
      a: { b: "d" },
    });
    expect(applyMergePatch({ a: [{ b: "c" }] }, { a: [1] })).toEqual({ a: [1] });
    expect(applyMergePatch({ e: null }, { a: 1 })).toEqual({ e: null, a: 1 });
    expect(applyMergePatch([1, 2], { a: "b", c: null })).toEqual({ a: "b" });
    expect(applyMergePatch({}, { a: { bb: { ccc: null } } })).toEqual({ a: { bb: {} } });
  });

  it("returns the template for an empty patch", () => {
    fc.assert(
      fc.property(template, (t) => {
        expect(applyMergePatch(t, {})).toEqual(t);
      }),
    );
  });

  it("lets every key of the patch win: its values are there, its nulls are gone", () => {
    fc.assert(
      fc.property(template, patch, (t, p) => {
        const resolved = applyMergePatch(t, p);
        for (const [path, value] of patchLeaves(p)) {
          if (value === null) expect(at(resolved, path)).toBeUndefined();
          else expect(at(resolved, path)).toEqual(value);
        }
      }),
    );
  });

  it("is idempotent: applying the same patch twice changes nothing more", () => {
    fc.assert(
      fc.property(template, patch, (t, p) => {
        const once = applyMergePatch(t, p);
        expect(applyMergePatch(once, p)).toEqual(once);
      }),
    );
  });

  it("never changes its inputs", () => {
    fc.assert(
      fc.property(template, patch, (t, p) => {
        const [tCopy, pCopy] = [structuredClone(t), structuredClone(p)];
        applyMergePatch(t, p);
        expect([t, p]).toEqual([tCopy, pCopy]);
      }),
    );
  });

  it("keeps overrides through a template upgrade: the same patch wins over either version", () => {
    fc.assert(
      fc.property(template, template, patch, (v1, v2, p) => {
        const before = applyMergePatch(v1, p);
        const upgraded = applyMergePatch(v2, p);
        for (const [path, value] of patchLeaves(p)) {
          if (value === null) {
            expect(at(before, path)).toBeUndefined();
            expect(at(upgraded, path)).toBeUndefined();
          } else {
            expect(at(before, path)).toEqual(value);
            expect(at(upgraded, path)).toEqual(value);
          }
        }
      }),
    );
  });
});

describe("diffAsMergePatch", () => {
  it("gives a patch that turns one document into the other", () => {
    fc.assert(
      fc.property(template, template, (from, to) => {
        expect(applyMergePatch(from, diffAsMergePatch(from, to))).toEqual(to);
      }),
    );
  });

  it("is empty between equal documents (a value equal to the template's is no override)", () => {
    fc.assert(
      fc.property(template, (t) => {
        expect(diffAsMergePatch(t, t)).toEqual({});
      }),
    );
  });
});

/**
 * True when `first` removes or replaces (with a non-object) a key that `second` then sets to an
 * object: "drop what was there, then set exactly this object" has no merge-patch spelling (an object in a patch merges into what is there), so
 * composition cannot be exact there. See composeMergePatches.
 */
function removesThenSetsObject(first: JsonObject, second: JsonObject): boolean {
  return Object.entries(second).some(([k, v]) => {
    const earlier = first[k];
    if (!isJsonObject(v)) return false;
    if (earlier === undefined) return false;
    return !isJsonObject(earlier) || removesThenSetsObject(earlier, v);
  });
}

describe("composeMergePatches", () => {
  it("has the effect of applying both patches in turn (where merge patch can say it)", () => {
    fc.assert(
      fc.property(template, patch, patch, (t, p1, p2) => {
        fc.pre(!removesThenSetsObject(p1, p2));
        expect(applyMergePatch(t, composeMergePatches(p1, p2))).toEqual(
          applyMergePatch(applyMergePatch(t, p1), p2),
        );
      }),
    );
  });
});

describe("configChanges", () => {
  it("lists added, removed and changed leaves by path", () => {
    expect(
      configChanges(
        { agent: { greeting: "Hi", language: "en-US" }, hours: { mon: [] }, old: 1 },
        { agent: { greeting: "Hello", language: "en-US" }, hours: { mon: [] }, added: true },
      ),
    ).toEqual([
      { path: "added", kind: "added", after: true },
      { path: "agent.greeting", kind: "changed", before: "Hi", after: "Hello" },
      { path: "old", kind: "removed", before: 1 },
    ]);
  });

  it("is empty exactly when the documents are equal", () => {
    // Two unrelated documents are rarely equal: two cases in three compare a document with a copy of
    // itself (keys reordered) or with a small edit of itself.
    const pair = fc.oneof(
      fc.tuple(template, template),
      template.map((t): [JsonObject, JsonObject] => [
        t,
        Object.fromEntries(Object.entries(structuredClone(t)).reverse()),
      ]),
      fc
        .tuple(template, patch)
        .map(([t, p]): [JsonObject, JsonObject] => [t, applyMergePatch(t, p) as JsonObject]),
    );
    fc.assert(
      fc.property(pair, ([a, b]) => {
        expect(configChanges(a, b).length === 0).toBe(jsonEqual(a, b));
      }),
    );
  });
});

it("composeMergePatches's known limit: a removal followed by an object merges into the template", () => {
  const t = { greeting: { a: false } };
  expect(applyMergePatch(applyMergePatch(t, { greeting: null }), { greeting: {} })).toEqual({
    greeting: {},
  });
  expect(applyMergePatch(t, composeMergePatches({ greeting: null }, { greeting: {} }))).toEqual(t);
});
