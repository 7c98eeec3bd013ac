import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectAppErrorSync } from "@/test/errors";
import type { VerticalContent } from "./content";
import { applyMergePatch, type JsonObject } from "./merge-patch";
import { carryOverrides, overridesFor, resolveVerticalConfig } from "./resolve";
import { TEMPLATE_VERSIONS } from "./templates";

const [first] = TEMPLATE_VERSIONS;
const template = first!.content;
const other = TEMPLATE_VERSIONS.find((t) => t.slug !== first!.slug)!.content;

describe("resolveVerticalConfig", () => {
  it("returns the template itself for no overrides", () => {
    for (const t of TEMPLATE_VERSIONS)
      expect(resolveVerticalConfig(t.content, {})).toEqual(t.content);
  });

  it("lets the org's greeting and hours win, and removes what the org set to null", () => {
    const [firstQuestion] = Object.keys(template.knowledge);
    const resolved = resolveVerticalConfig(template, {
      agent: { greeting: "Hello from {{businessName}}" },
      hours: { sun: [{ open: "10:00", close: "12:00" }] },
      knowledge: { [firstQuestion!]: null },
    });
    expect(resolved.agent.greeting).toBe("Hello from {{businessName}}");
    expect(resolved.agent.persona).toBe(template.agent.persona);
    expect(resolved.hours.sun).toEqual([{ open: "10:00", close: "12:00" }]);
    expect(resolved.hours.mon).toEqual(template.hours.mon);
    expect(resolved.knowledge[firstQuestion!]).toBeUndefined();
  });

  it("refuses overrides that leave the configuration incomplete, naming the field", () => {
    const noGreeting = expectAppErrorSync(
      () => resolveVerticalConfig(template, { agent: { greeting: null } }),
      "VALIDATION",
    );
    expect(Object.keys(noGreeting.fieldErrors ?? {})).toEqual(["agent.greeting"]);
    const backwards = expectAppErrorSync(
      () =>
        resolveVerticalConfig(template, { hours: { mon: [{ open: "18:00", close: "09:00" }] } }),
      "VALIDATION",
    );
    expect(Object.keys(backwards.fieldErrors ?? {})).toEqual(["hours.mon.0"]);
  });

  it("stores overrides minimal: editing back to the template's value removes the override", () => {
    const edited: VerticalContent = { ...template, agent: { ...template.agent, greeting: "Hi!" } };
    expect(overridesFor(template, edited)).toEqual({ agent: { greeting: "Hi!" } });
    expect(overridesFor(template, structuredClone(template))).toEqual({});
  });

  it("keeps every greeting a person can type through resolution (property)", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 400 }).filter((s) => s.trim() === s && s.length > 0),
        (greeting) => {
          const patch = overridesFor(template, {
            ...template,
            agent: { ...template.agent, greeting },
          });
          expect(resolveVerticalConfig(template, patch).agent.greeting).toBe(greeting);
        },
      ),
    );
  });
});

describe("carryOverrides (choosing another vertical)", () => {
  it("keeps the business's own edits and drops the trade's", () => {
    const [entry] = Object.keys(template.knowledge);
    const overrides: JsonObject = {
      agent: { greeting: "Welcome to Ada's" },
      hours: { sat: [] },
      roi: { loadedHourlyCost: 51, valuePerOutcome: 10 },
      knowledge: { [entry!]: { answer: "Ours ships in 2 days." } },
    };
    const { kept, dropped } = carryOverrides(overrides, other);
    expect(kept).toEqual({
      agent: { greeting: "Welcome to Ada's" },
      hours: { sat: [] },
      roi: { loadedHourlyCost: 51 },
    });
    expect(dropped.sort()).toEqual(["knowledge", "roi.valuePerOutcome"]);
    expect(resolveVerticalConfig(other, kept).agent.greeting).toBe("Welcome to Ada's");
  });

  it("never keeps a path the next template does not have", () => {
    const { kept, dropped } = carryOverrides({ agent: { voice: "alloy" } }, other);
    expect(kept).toEqual({});
    expect(dropped).toEqual(["agent.voice"]);
    expect(applyMergePatch(other as never, kept)).toEqual(other);
  });
});
