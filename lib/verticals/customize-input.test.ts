import { describe, expect, it } from "vitest";
import { customizeSchema, toRecord } from "@/lib/onboarding/schemas";
import { jsonEqual } from "@/lib/json";
import { customizeInputFrom, newEntryId, removedEntries, restoreRemoved } from "./customize-input";
import { overridesFor, resolveVerticalConfig } from "./resolve";
import { TEMPLATE_VERSIONS } from "./templates";

const realEstate = TEMPLATE_VERSIONS.find((t) => t.slug === "real-estate" && t.version === 2)!;
const template = realEstate.content;

describe("customizeInputFrom", () => {
  it("gives every template's values in the shape the server accepts", () => {
    for (const t of TEMPLATE_VERSIONS) {
      const input = customizeInputFrom(t.content);
      expect(customizeSchema.safeParse(input).success).toBe(true);
      expect(input.greeting).toBe(t.content.agent.greeting);
      expect(input.hours).toEqual(t.content.hours);
    }
  });

  it("lists entries in display order, not key order", () => {
    const input = customizeInputFrom(template);
    const positions = input.knowledge.map((e) => template.knowledge[e.id]!.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(input.knowledge).toHaveLength(18);
    expect(input.knowledge.at(-1)?.id).toBe("mortgage-in-principle");
    expect(input.qualification.map((q) => q.id).at(-1)).toBe("financing");
  });

  it("round-trips through toRecord to the template's own lists", () => {
    for (const t of TEMPLATE_VERSIONS) {
      const input = customizeInputFrom(t.content);
      expect(toRecord(input.knowledge)).toStrictEqual(t.content.knowledge);
      expect(toRecord(input.qualification)).toStrictEqual(t.content.qualification);
    }
  });

  it("sends the template's own values back as no override at all", () => {
    const input = customizeInputFrom(template);
    const desired = resolveVerticalConfig(template, {
      agent: { greeting: input.greeting },
      hours: input.hours,
      knowledge: toRecord(input.knowledge),
      qualification: toRecord(input.qualification),
    } as never);
    expect(overridesFor(template, desired)).toEqual({});
  });

  it("copies, so editing the form never touches the configuration it came from", () => {
    const before = structuredClone(template);
    const input = customizeInputFrom(template);
    input.hours.mon.push({ open: "22:00", close: "23:00" });
    input.hours.tue[0]!.open = "05:00";
    input.knowledge[0]!.answer = "Changed";
    input.qualification.find((q) => q.field.options)!.field.options!.push("Other");
    expect(template).toStrictEqual(before);
  });

  it("leaves no undefined keys, so a field without options equals the template's", () => {
    const budget = customizeInputFrom(template).qualification.find((q) => q.id === "budget")!;
    expect(Object.hasOwn(budget.field, "options")).toBe(false);
    expect(jsonEqual(budget.field, template.qualification.budget!.field)).toBe(true);
  });
});

describe("list helpers", () => {
  const list = customizeInputFrom(template).knowledge;

  it("makes ids the schema accepts and that do not repeat", () => {
    const ids = Array.from({ length: 200 }, newEntryId);
    for (const id of ids) expect(id).toMatch(/^custom-[a-z0-9]{6}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("restores removed template entries at their place", () => {
    const edited = list.filter((_, i) => i !== 0 && i !== 5);
    expect(removedEntries(edited, list).map((e) => e.id)).toEqual([list[0]!.id, list[5]!.id]);
    expect(restoreRemoved(edited, list)).toEqual(list);
    const custom = { id: "custom-abc123", question: "Parking?", answer: "Yes." };
    const withCustom = restoreRemoved([...edited, custom], list);
    expect(withCustom.map((e) => e.id)).toEqual([...list.map((e) => e.id), custom.id]);
    expect(removedEntries(withCustom, list)).toEqual([]);
  });

  it("compares deeply", () => {
    expect(jsonEqual(list, structuredClone(list))).toBe(true);
    expect(jsonEqual(list[0], { ...list[0], answer: "Other" })).toBe(false);
  });
});
