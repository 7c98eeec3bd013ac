import { expect, type Page } from "@playwright/test";

export class ProfilePage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/settings/profile");
    await expect(this.page.getByRole("heading", { name: "Your profile" })).toBeVisible();
  }

  async changeName(name: string) {
    await this.page.getByLabel("Your name").fill(name);
    await this.page.getByRole("button", { name: "Save name" }).click();
  }

  async changePassword(current: string, next: string, again = next) {
    await this.page.getByLabel("Current password").fill(current);
    await this.page.getByLabel("New password", { exact: true }).fill(next);
    await this.page.getByLabel("New password, again").fill(again);
    await this.page.getByRole("button", { name: "Change password" }).click();
  }
}
