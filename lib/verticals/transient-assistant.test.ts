import { describe, expect, it } from "vitest";
import { assistantOverridesFor } from "./assistant-overrides";
import { transientAssistantFrom } from "./transient-assistant";
import { realEstateV2 } from "./templates/real-estate-v2";

const NOW = new Date("2026-11-23T10:00:00Z");
const caller = {
  id: "7d1c0b6e-0000-4000-8000-000000000001",
  name: "Dana Whitfield",
  lastInteractionAt: new Date("2026-11-20T09:00:00Z"),
  brief: {
    customerSummary: "Looking for a two-bedroom flat near the harbour.",
    customerOpenItems: "Send the brochure for 12 Quay Street",
    customerFacts: "budget: 300000; area: Harbour",
  },
};

describe("the transient assistant", () => {
  it("writes the caller's memory and every section of the configuration into one prompt", () => {
    const overrides = assistantOverridesFor(
      realEstateV2,
      { name: "Harbour Homes", timezone: "Europe/London" },
      caller,
      NOW,
    );
    const assistant = transientAssistantFrom(overrides, {
      templateSlug: "real-estate",
      serverMessages: realEstateV2.serverMessages,
    });
    const prompt = assistant.model.messages[0]!.content;
    for (const part of [
      "You answer the phone for Harbour Homes.",
      "## Opening hours",
      "## What you know (answer from this)",
      "## Questions to qualify the caller",
      "## When to hand over to a person",
      "This caller is known to Harbour Homes: Dana Whitfield.",
      "Looking for a two-bedroom flat near the harbour.",
      "Send the brochure for 12 Quay Street",
      "budget: 300000; area: Harbour",
    ]) {
      expect(prompt).toContain(part);
    }
    expect(assistant.firstMessage).toBe(overrides.firstMessage);
    expect(assistant.metadata.luneoContactId).toBe(caller.id);
    expect(assistant.serverMessages).not.toContain("assistant-request");
  });

  it("keeps the name within VAPI's 40 characters and answers before any vertical is chosen", () => {
    const name = "The Very Long Name Of A Family Business In The Harbour";
    const overrides = assistantOverridesFor(null, { name, timezone: "UTC" }, null, NOW);
    const assistant = transientAssistantFrom(overrides, {
      templateSlug: null,
      serverMessages: null,
    });
    expect(assistant.name).toBe(name.slice(0, 40).trim());
    expect(assistant.name.length).toBeLessThanOrEqual(40);
    expect(assistant.firstMessage).toBe(`Hello, you have reached ${name}. How can I help you?`);
    expect(assistant.model.messages[0]!.content).toContain("A first-time caller");
    expect(assistant.voice).toEqual({ provider: "vapi", voiceId: "Elliot" });
  });
});
