import { describe, expect, it } from "vitest";
import { profileSchema } from "@/lib/contacts/profile/schemas";
import { keyLabel, LANGUAGE_TAGS, languageName, languageOptions } from "./reading-labels";

describe("words for stored keys", () => {
  it("shows a fact or preference key as words", () => {
    expect(keyLabel("preferred_time")).toBe("Preferred time");
    expect(keyLabel("bestTime")).toBe("Best time");
    expect(keyLabel("move-in_date")).toBe("Move in date");
    expect(keyLabel("budget")).toBe("Budget");
  });
});

describe("the language list", () => {
  it("names languages and offers only tags the profile schema accepts", () => {
    expect(languageName("en-US")).toBe("English (United States)");
    expect(languageName("fr-FR")).toBe("French (France)");
    for (const tag of LANGUAGE_TAGS) {
      expect(profileSchema.safeParse({ language: tag }).success, tag).toBe(true);
    }
  });

  it("keeps a contact's current tag among the choices, sorted by name", () => {
    const options = languageOptions("gsw");
    expect(options.map((o) => o.value)).toContain("gsw");
    expect(languageOptions(null).map((o) => o.value)).not.toContain("gsw");
    const labels = options.map((o) => o.label);
    expect(labels).toEqual([...labels].sort((x, y) => x.localeCompare(y, "en")));
  });
});
