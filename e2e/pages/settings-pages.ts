import { expect, type Page } from "@playwright/test";

export class TeamPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/settings/team");
  }

  /** Creates an invitation and returns the link shown once. */
  async invite(email: string, role: "admin" | "member"): Promise<string> {
    await this.page.getByLabel("Email").fill(email);
    await this.page.getByLabel("Role").selectOption(role);
    await this.page.getByRole("button", { name: "Create invite link" }).click();
    const link = this.page.getByTestId("invite-link");
    await expect(link).toBeVisible();
    return (await link.textContent()) ?? "";
  }

  memberRow(email: string) {
    return this.page.getByTestId("member-row").filter({ hasText: email });
  }
}

export class ApiKeysPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/settings/api-keys");
  }

  async create(name: string, scopes: string[]): Promise<string> {
    await this.page.getByLabel("Name").fill(name);
    for (const scope of scopes)
      await this.page.getByRole("checkbox", { name: new RegExp(`^${scope}`) }).check();
    await this.page.getByRole("button", { name: "Create API key" }).click();
    const token = this.page.getByTestId("api-key-token");
    await expect(token).toBeVisible();
    return (await token.textContent()) ?? "";
  }

  async revoke(name: string) {
    const row = this.page.getByTestId("api-key-row").filter({ hasText: name });
    await row.getByRole("button", { name: "Revoke" }).click();
    await this.page.getByRole("button", { name: "Revoke key" }).click();
    await expect(row.getByText("revoked")).toBeVisible();
  }
}
