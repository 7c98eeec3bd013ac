// JSON Merge Patch (RFC 7386), the format of an org's overrides against its pinned template.
//
// Rules, all of resolution in three lines:
//   1. objects merge key by key, recursively;
//   2. anything else in the patch (string, number, boolean, array) replaces the template's value;
//   3. `null` in the patch removes the key.
// Pure and total: no I/O, no mutation of its inputs.

import { isJsonObject, jsonEqual, type Json, type JsonObject } from "@/lib/json";

// The JSON types are lib/json's; re-exported because every verticals file speaks them.
export { isJsonObject, type Json, type JsonObject };

/** The template with the patch applied (RFC 7386 §2 MergePatch). */
export function applyMergePatch(target: Json | undefined, patch: Json): Json {
  if (!isJsonObject(patch)) return patch;
  const result: JsonObject = isJsonObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key], value);
  }
  return result;
}

/**
 * The smallest merge patch that turns `from` into `to`: what the wizard stores when a person edits
 * the resolved configuration (a value equal to the template's is not an override, so "reset to
 * template" is simply saving the template's value). `to` must not hold nulls: in a patch they mean
 * "remove".
 */
export function diffAsMergePatch(from: JsonObject, to: JsonObject): JsonObject {
  const patch: JsonObject = {};
  for (const key of Object.keys(from)) {
    if (!Object.hasOwn(to, key)) patch[key] = null;
  }
  for (const [key, value] of Object.entries(to)) {
    const before = from[key];
    if (jsonEqual(before, value)) continue;
    patch[key] =
      isJsonObject(before) && isJsonObject(value) ? diffAsMergePatch(before, value) : value;
  }
  return patch;
}

/**
 * Combines two patches into one with the same effect as applying `first`, then `second` — except
 * where `first` removes a key (or sets it to a non-object) and `second` sets it to an object: merge
 * patch cannot say "drop what is there, then set exactly this object", so that object merges into
 * the template's value instead. Used only
 * for edits made before a template is chosen (whole sections such as the week's hours), where it
 * does not arise.
 */
export function composeMergePatches(first: JsonObject, second: JsonObject): JsonObject {
  const result: JsonObject = { ...first };
  for (const [key, value] of Object.entries(second)) {
    const earlier = result[key];
    result[key] =
      isJsonObject(value) && isJsonObject(earlier) ? composeMergePatches(earlier, value) : value;
  }
  return result;
}

export interface ConfigChange {
  /** Dotted path of the changed value, e.g. `knowledge.shipping-times.answer`. */
  path: string;
  kind: "added" | "removed" | "changed";
  before?: Json;
  after?: Json;
}

/** What differs between two configurations, leaf by leaf (arrays compare whole), sorted by path. */
export function configChanges(before: Json, after: Json, prefix = ""): ConfigChange[] {
  if (isJsonObject(before) && isJsonObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => {
      const path = prefix ? `${prefix}.${key}` : key;
      if (!Object.hasOwn(after, key))
        return [{ path, kind: "removed" as const, before: before[key] }];
      if (!Object.hasOwn(before, key)) return [{ path, kind: "added" as const, after: after[key] }];
      return configChanges(before[key]!, after[key]!, path);
    });
  }
  return jsonEqual(before, after) ? [] : [{ path: prefix, kind: "changed", before, after }];
}
