import { ValidationError, type FieldErrors } from "@/lib/errors";
import { verticalContentSchema, type VerticalContent } from "./content";
import {
  applyMergePatch,
  diffAsMergePatch,
  isJsonObject,
  type Json,
  type JsonObject,
} from "./merge-patch";
import { collectFieldErrors } from "@/lib/parse-input";

/**
 * The one resolution rule of the product: the pinned template with the org's merge patch applied
 * (objects merge, everything else replaces, `null` removes; see merge-patch.ts). The result must
 * still be a complete configuration; a patch that breaks it is refused with the fields at fault.
 */
export function resolveVerticalConfig(
  template: VerticalContent,
  overrides: JsonObject,
): VerticalContent {
  const resolved = applyMergePatch(template as unknown as Json, overrides);
  const parsed = verticalContentSchema.safeParse(resolved);
  if (!parsed.success) {
    const fieldErrors: FieldErrors = collectFieldErrors(
      parsed.error.issues.map((issue) => [issue.path.join(".") || "form", issue.message]),
    );
    throw new ValidationError(fieldErrors, "This change would leave the agent's setup incomplete.");
  }
  return parsed.data;
}

/** The org's overrides, stored minimal: the smallest patch from the template to what they want. */
export function overridesFor(template: VerticalContent, desired: VerticalContent): JsonObject {
  return diffAsMergePatch(template as unknown as JsonObject, desired as unknown as JsonObject);
}

/**
 * Sections that belong to a trade, not to the business: when an org switches to another vertical
 * its edits there are dropped (a shop's return policy means nothing to an estate agency), while
 * its greeting, persona, language, hours, costs and the rest carry over.
 */
export const TRADE_SPECIFIC_PATHS = [
  "label",
  "tagline",
  "knowledge",
  "qualification",
  "escalation",
  "automations",
  "roi.outcomeLabel",
  "roi.valuePerOutcome",
] as const;

/**
 * The part of an org's overrides that still applies to another vertical's template: paths that
 * exist there and are not trade-specific. `dropped` lists the paths left behind, for the preview.
 */
export function carryOverrides(
  overrides: JsonObject,
  nextTemplate: VerticalContent,
): { kept: JsonObject; dropped: string[] } {
  const dropped: string[] = [];
  const walk = (patch: JsonObject, template: Json | undefined, prefix: string): JsonObject => {
    const kept: JsonObject = {};
    for (const [key, value] of Object.entries(patch)) {
      const path = prefix ? `${prefix}.${key}` : key;
      const there = isJsonObject(template) ? template[key] : undefined;
      if ((TRADE_SPECIFIC_PATHS as readonly string[]).includes(path) || there === undefined) {
        dropped.push(path);
      } else if (isJsonObject(value) && isJsonObject(there)) {
        const inner = walk(value, there, path);
        if (Object.keys(inner).length > 0) kept[key] = inner;
      } else {
        kept[key] = value;
      }
    }
    return kept;
  };
  const kept = walk(overrides, nextTemplate as unknown as Json, "");
  return { kept, dropped };
}
