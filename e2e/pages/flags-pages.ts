import { expect, type Page } from "@playwright/test";

/** /staff/flags: every flag, PostHog's rule, which orgs have it, and per-org overrides. */
export class StaffFlagsPage {
  constructor(private readonly page: Page) {}

  async goto() {
    const response = await this.page.goto("/staff/flags");
    await expect(this.page.getByRole("heading", { name: "Feature flags" })).toBeVisible();
    return response;
  }

  flag(key: string) {
    return this.page.getByTestId(`flag-${key}`);
  }

  /** Pins `key` for the org named `orgName` ("on", "off") or gives it back to PostHog. */
  async override(key: string, orgName: string, value: "on" | "off" | "posthog") {
    const card = this.flag(key);
    await card.getByLabel("Org", { exact: true }).selectOption({ label: orgName });
    await card.getByLabel("Value", { exact: true }).selectOption(value);
    await card.getByRole("button", { name: "Save override" }).click();
    await expect(card.getByRole("status")).toHaveText("Saved and audited.");
  }

  overrides(key: string) {
    return this.flag(key).getByTestId("overrides");
  }
}

/** Settings → Privacy: whether the org is counted in Luneo's product analytics. */
export class PrivacyPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/settings/privacy");
    await expect(this.page.getByRole("heading", { name: "Privacy" })).toBeVisible();
  }

  choice(share: boolean) {
    return this.page.getByRole("radio", {
      name: share ? /^Count this organisation/ : /^Do not count this organisation/,
    });
  }

  async choose(share: boolean) {
    await this.choice(share).check();
    await this.page.getByRole("button", { name: "Save" }).click();
    await expect(this.page.getByRole("status")).toHaveText("Saved.");
  }
}
