import { describe, expect, it } from "vitest";
import { jsonEqual } from "@/lib/json";
import { changedFields, mergeProfiles, type MergeableProfile } from "./plan";

const profile = (p: Partial<MergeableProfile> = {}): MergeableProfile => ({
  phoneE164: null,
  email: null,
  name: null,
  language: null,
  tags: [],
  leadStatus: "new",
  leadFields: {},
  preferences: {},
  consent: {},
  channels: [],
  lastInteractionAt: null,
  ...p,
});

describe("mergeProfiles", () => {
  it("keeps the survivor's values, fills its empty ones and lists what it drops", () => {
    const at = "2026-01-01T00:00:00.000Z";
    const { result, conflicts } = mergeProfiles(
      profile({
        name: "Camille",
        phoneE164: "+33612345678",
        tags: ["vip"],
        leadStatus: "qualified",
        leadFields: { budget: 100 },
        consent: { sms: { granted: true, at, source: "call" } },
        channels: ["voice"],
        lastInteractionAt: new Date("2026-01-01"),
      }),
      profile({
        name: "Cam",
        email: "cam@example.com",
        language: "fr-FR",
        tags: ["buyer", "vip"],
        leadStatus: "lost",
        leadFields: { budget: "200", area: "Nord" },
        consent: {
          sms: { granted: false, at, source: "admin" },
          email: { granted: true, at, source: "import" },
        },
        channels: ["sms"],
        lastInteractionAt: new Date("2026-02-01"),
      }),
    );
    expect(result).toEqual({
      phoneE164: "+33612345678",
      email: "cam@example.com",
      name: "Camille",
      language: "fr-FR",
      tags: ["vip", "buyer"],
      leadStatus: "qualified",
      leadFields: { budget: 100, area: "Nord" },
      preferences: {},
      consent: {
        sms: { granted: true, at, source: "call" },
        email: { granted: true, at, source: "import" },
      },
      channels: ["voice", "sms"],
      lastInteractionAt: new Date("2026-02-01"),
    });
    expect(conflicts).toEqual([
      { field: "name", kept: "Camille", dropped: "Cam" },
      { field: "leadStatus", kept: "qualified", dropped: "lost" },
      { field: "leadFields.budget", kept: "100", dropped: "200" },
      { field: "consent.sms", kept: "granted", dropped: "refused" },
    ]);
  });

  it("treats the default lead status as empty", () => {
    const { result, conflicts } = mergeProfiles(profile(), profile({ leadStatus: "customer" }));
    expect(result.leadStatus).toBe("customer");
    expect(conflicts).toEqual([]);
  });

  it("changes nothing when the other contact adds nothing", () => {
    const survivor = profile({ name: "Jo", tags: ["a"], leadFields: { b: "1", a: "2" } });
    const { result } = mergeProfiles(survivor, profile({ tags: ["a"], leadFields: { a: "2" } }));
    expect(changedFields(survivor, result)).toEqual([]);
    expect(jsonEqual({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true);
  });
});
