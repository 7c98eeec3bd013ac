import { expect, type Locator, type Page } from "@playwright/test";
import { ChannelsPage } from "./channels-page";

/**
 * The setup wizard. Every user action goes through `click`/`fill` here, which count themselves:
 * the onboarding spec reports how many clicks and keystroke-fields a newcomer needs.
 */
export class OnboardingWizard {
  clicks = 0;
  fields = 0;

  constructor(private readonly page: Page) {}

  async click(target: Locator) {
    this.clicks += 1;
    await target.click();
  }

  async fill(target: Locator, value: string) {
    this.fields += 1;
    await target.fill(value);
  }

  async expectStep(slug: string, heading: string | RegExp) {
    await expect(this.page).toHaveURL(new RegExp(`/onboarding/${slug}$`), { timeout: 15_000 });
    await expect(this.page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
  }

  /** The step's form takes input once hydrated: its submit button is enabled then. */
  async formReady() {
    await expect(this.page.getByRole("button", { name: "Save and continue" })).toBeEnabled();
  }

  async screenshot(name: string) {
    await this.page.screenshot({ path: `.ci/out/screenshots/${name}.png`, fullPage: true });
  }

  async saveProfile(country: string, timezone: string) {
    await this.formReady();
    await this.page.getByLabel("Country").selectOption(country);
    this.fields += 1;
    await this.page.getByLabel("Time zone").selectOption(timezone);
    this.fields += 1;
    await this.click(this.page.getByRole("button", { name: "Save and continue" }));
  }

  async chooseVertical(slug: "ecommerce" | "real-estate") {
    await this.click(this.page.getByTestId(`choose-${slug}`));
  }

  async customizeGreeting(greeting: string) {
    const form = this.page.getByTestId("customize-form");
    await this.formReady();
    await this.fill(form.getByLabel("Greeting"), greeting);
    await this.click(form.getByRole("button", { name: "Save and continue" }));
  }

  channels() {
    return new ChannelsPage(this.page);
  }

  async saveValue() {
    await this.click(this.page.getByRole("button", { name: "Save and continue" }));
  }

  async finish() {
    await this.click(this.page.getByTestId("finish-onboarding"));
    await expect(this.page).toHaveURL(/\/dashboard$/, { timeout: 15_000 });
  }
}
