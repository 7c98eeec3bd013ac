import { describe, expect, it } from "vitest";
import {
  countOverrides,
  describeChange,
  describeDropped,
  entryTitles,
  groupChanges,
  humanize,
} from "./describe-change";
import { configChanges, type Json } from "./merge-patch";
import { carryOverrides } from "./resolve";
import { TEMPLATE_VERSIONS } from "./templates";

const version = (slug: string, v: number) =>
  TEMPLATE_VERSIONS.find((t) => t.slug === slug && t.version === v)!.content;
const v1 = version("real-estate", 1);
const v2 = version("real-estate", 2);
const shop = version("ecommerce", 1);

const describeAll = (from: typeof v1, to: typeof v1) =>
  configChanges(from as unknown as Json, to as unknown as Json).map((c) =>
    describeChange(c, entryTitles(from)),
  );

describe("describeChange", () => {
  it("describes the real-estate v1 → v2 upgrade in words", () => {
    const byPath = new Map(describeAll(v1, v2).map((d) => [d.path, d]));
    expect(byPath.get("knowledge.energy-performance-certificate")).toMatchObject({
      kind: "added",
      label: `Starter knowledge · new question: ${v2.knowledge["energy-performance-certificate"]!.question}`,
    });
    expect(byPath.get("qualification.financing")?.label).toBe(
      `Qualification · new question: ${v2.qualification.financing!.question}`,
    );
    expect(byPath.get("agent.greeting")).toMatchObject({
      label: "Greeting",
      text: { before: v1.agent.greeting, after: v2.agent.greeting },
    });
    expect(byPath.get("roi.minutesPerCall")).toMatchObject({
      kind: "changed",
      label: "ROI · minutes per call",
      before: "9",
      after: "10",
    });
    expect(byPath.get("knowledge.viewing-booking.answer")?.label).toBe(
      `Starter knowledge · answer to “${v1.knowledge["viewing-booking"]!.question}”`,
    );
  });

  it("groups the upgrade as added, changed and removed", () => {
    const groups = groupChanges(describeAll(v1, v2));
    expect(groups.added.map((d) => d.path)).toEqual([
      "knowledge.energy-performance-certificate",
      "knowledge.mortgage-in-principle",
      "qualification.financing",
    ]);
    expect(groups.changed.map((d) => d.path)).toEqual([
      "agent.greeting",
      "knowledge.viewing-booking.answer",
      "roi.minutesPerCall",
    ]);
    expect(groups.removed).toEqual([]);
    expect(groups.reordered).toBe(0);
  });

  it("names removed entries by their text, days by name, and lists as short values", () => {
    expect(
      describeChange({
        path: "knowledge.shipping-times",
        kind: "removed",
        before: shop.knowledge["shipping-times"] as unknown as Json,
      }).label,
    ).toBe(`Starter knowledge · removed question: ${shop.knowledge["shipping-times"]!.question}`);
    expect(
      describeChange({
        path: "hours.sat",
        kind: "changed",
        before: [{ open: "10:00", close: "14:00" }],
        after: [],
      }),
    ).toMatchObject({ label: "Opening hours · Saturday", before: "10:00–14:00", after: "Closed" });
    expect(
      describeChange({ path: "serverMessages", kind: "changed", before: ["a"], after: ["a", "b"] }),
    ).toMatchObject({ label: "VAPI server messages", before: "a", after: "a, b" });
  });

  it("counts a move in the list as minor, and still names what moved", () => {
    const moved = describeChange(
      { path: "knowledge.shipping-times.position", kind: "changed", before: 0, after: 3 },
      entryTitles(shop),
    );
    expect(moved.minor).toBe(true);
    expect(moved.label).toContain(shop.knowledge["shipping-times"]!.question);
    expect(groupChanges([moved]).reordered).toBe(1);
  });

  it("falls back to readable words for paths nobody named", () => {
    expect(describeChange({ path: "agent.voiceId", kind: "added", after: "x" }).label).toBe(
      "Agent · Voice id",
    );
    expect(
      describeChange({
        path: "knowledge.gone-entry.answer",
        kind: "changed",
        before: "a",
        after: "b",
      }).label,
    ).toBe("Starter knowledge · answer to “Gone entry”");
    expect(humanize("minutesPerCall")).toBe("Minutes per call");
  });
});

describe("countOverrides", () => {
  it("counts leaves: values, removals and whole lists once each", () => {
    expect(countOverrides({})).toBe(0);
    expect(
      countOverrides({
        agent: { greeting: "Hi" },
        hours: { mon: [{ open: "09:00", close: "12:00" }], sun: [] },
        knowledge: {
          "shipping-times": null,
          "custom-abc123": { question: "Q", answer: "A", position: 16 },
        },
      }),
    ).toBe(7);
  });
});

describe("describeDropped", () => {
  it("says which edits a switch of trade leaves behind, once per section", () => {
    const overrides = {
      agent: { greeting: "Hi" },
      knowledge: { "shipping-times": { answer: "Two days." }, "returns-policy": null },
      roi: { valuePerOutcome: 40, minutesPerCall: 5 },
    };
    const { dropped } = carryOverrides(overrides, v2);
    expect(describeDropped(dropped, shop.label)).toEqual([
      "Your edits to the starter knowledge will not carry over — they belong to e-commerce.",
      "Your edits to the value per outcome will not carry over — they belong to e-commerce.",
    ]);
    expect(describeDropped(["knowledge", "knowledge"], "Real estate")).toHaveLength(1);
    expect(describeDropped(["agent.voiceId"], "VAPI")[0]).toContain("“Agent voice id”");
  });
});

describe("entryTitles", () => {
  it("names each keyed list's entries by their text", () => {
    const titles = entryTitles(shop);
    expect(titles.knowledge?.["shipping-times"]).toBe(shop.knowledge["shipping-times"]!.question);
    expect(Object.keys(titles.escalation ?? {})).toEqual(Object.keys(shop.escalation));
    expect(titles.automations?.["order-status-sms"]).toBe("Order status SMS follow-up");
    expect(entryTitles(null)).toEqual({});
  });
});
