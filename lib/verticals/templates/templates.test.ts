import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ordered, verticalContentSchema, type VerticalContent } from "@/lib/verticals/content";
import { TEMPLATE_SLUGS, TEMPLATE_VERSIONS, type TemplateVersion } from "./index";

/**
 * sha256 of each published version's canonical JSON. A published version is never edited: when a
 * hash stops matching, restore the version and publish the change as a new version instead. A new
 * version gets its hash here once, when it is published.
 */
const PINNED: Record<string, string> = {
  "ecommerce v1": "73812daa8fbf9ebf6c3a246fd107933aeaf4ef4dab923bc388fc8fa6c2e3fcde",
  "real-estate v1": "a6a2b18d1bc085e94537b6f175e9fa49abdbd99dabd663b8038ed88822d016db",
  "real-estate v2": "d7a09e17031a0301431dd182de6e2f44b88a16901f83da994dfd513cca5fbeaf",
};

const name = (v: TemplateVersion) => `${v.slug} v${v.version}`;

/** Parses with the schema; on failure, the error names the version and lists every zod issue. */
function parseOrExplain(v: TemplateVersion): VerticalContent {
  try {
    return verticalContentSchema.parse(v.content);
  } catch (error) {
    if (error instanceof z.ZodError) {
      throw new Error(
        `${name(v)} does not match verticalContentSchema:\n${z.prettifyError(error)}`,
      );
    }
    throw error;
  }
}

/** Object keys sorted recursively (by code unit, not locale), so the JSON does not depend on key order. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

const hashOf = (content: VerticalContent) =>
  createHash("sha256")
    .update(JSON.stringify(sortKeys(content)))
    .digest("hex");

/** Every string in the content, however deep. */
function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (value !== null && typeof value === "object") return Object.values(value).flatMap(strings);
  return [];
}

const latestVersion = (slug: string) =>
  Math.max(...TEMPLATE_VERSIONS.filter((v) => v.slug === slug).map((v) => v.version));

const keyedLists = ["knowledge", "qualification", "escalation", "automations"] as const;

describe("template versions", () => {
  it("every slug has versions 1..n without gaps or duplicates", () => {
    for (const slug of TEMPLATE_SLUGS) {
      const versions = TEMPLATE_VERSIONS.filter((v) => v.slug === slug)
        .map((v) => v.version)
        .sort((a, b) => a - b);
      expect(versions.length, `${slug} has no version`).toBeGreaterThan(0);
      expect(versions, `${slug} versions`).toEqual(versions.map((_, i) => i + 1));
    }
  });

  it("every pinned hash belongs to a published version", () => {
    const published = new Set(TEMPLATE_VERSIONS.map(name));
    for (const pinned of Object.keys(PINNED)) expect(published, pinned).toContain(pinned);
  });

  describe.each(TEMPLATE_VERSIONS.map((v) => [name(v), v] as const))("%s", (_, v) => {
    it("parses with verticalContentSchema, unchanged", () => {
      // Unchanged: the schema trims text, so a parse that alters the content would mean the agent
      // and the wizard see something other than what is written here.
      expect(parseOrExplain(v)).toEqual(v.content);
    });

    it("has 10 to 20 knowledge entries", () => {
      const count = Object.keys(v.content.knowledge).length;
      expect(count).toBeGreaterThanOrEqual(10);
      expect(count).toBeLessThanOrEqual(20);
    });

    it("has unique qualification field keys", () => {
      const keys = Object.values(v.content.qualification).map((q) => q.field.key);
      expect(new Set(keys).size, `duplicate field key in ${keys.join(", ")}`).toBe(keys.length);
    });

    it.each(keyedLists)("has unique positions in %s", (list) => {
      const positions = Object.values(v.content[list]).map((entry) => entry.position);
      expect(new Set(positions).size, `${list} positions ${positions.join(", ")}`).toBe(
        positions.length,
      );
    });

    it("gives every choice field its options", () => {
      for (const q of ordered(v.content.qualification)) {
        if (q.field.type !== "choice") continue;
        expect(q.field.options?.length ?? 0, `${q.id} has no options`).toBeGreaterThan(0);
        expect(new Set(q.field.options).size, `${q.id} repeats an option`).toBe(
          q.field.options?.length,
        );
      }
    });

    it("says nothing the agent cannot read aloud", () => {
      // Text is spoken: no [placeholder] left for the owner to fill, and {{businessName}} is the
      // only variable the assistant substitutes.
      for (const text of strings(v.content)) {
        expect(text, "a [placeholder] is read aloud as is").not.toMatch(/\[[^\]]*\]/);
        for (const variable of text.match(/\{\{[^}]*\}\}/g) ?? []) {
          expect(variable, `unknown variable in "${text.slice(0, 60)}…"`).toBe("{{businessName}}");
        }
      }
      expect(v.content.agent.greeting).toContain("{{businessName}}");
    });

    it("is unchanged since it was published", () => {
      const hash = hashOf(v.content);
      const pinned = PINNED[name(v)];
      expect(
        pinned,
        `${name(v)} has no pinned hash: add "${name(v)}": "${hash}" to PINNED`,
      ).toBeDefined();
      expect(
        hash,
        `${name(v)} changed: published template versions are never edited; add version ${latestVersion(v.slug) + 1} instead`,
      ).toBe(pinned);
    });
  });
});
