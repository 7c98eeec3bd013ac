import { expect, type Page } from "@playwright/test";

export class TeamPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/settings/team");
  }

  /** Creates an invitation and returns the link shown once. */
  async invite(email: string, role: "admin" | "member"): Promise<string> {
    await this.page.getByLabel("Email").fill(email);
    await this.page.getByLabel("Role", { exact: true }).selectOption(role);
    await this.page.getByRole("button", { name: "Send invitation" }).click();
    const link = this.page.getByTestId("invite-link");
    await expect(link).toBeVisible();
    return (await link.textContent()) ?? "";
  }

  /** A member's row, by their email or name. */
  memberRow(text: string) {
    return this.page.getByTestId("member-row").filter({ hasText: text });
  }

  /** The role control an owner sees on another member's row. */
  roleSelect(name: string) {
    return this.page.getByLabel(`Role for ${name}`);
  }

  /** The select saves on change; waits for the server action's answer, which nothing else shows. */
  async changeRole(name: string, role: "owner" | "admin" | "member") {
    const saved = this.page.waitForResponse(
      (r) => r.request().method() === "POST" && r.request().headers()["next-action"] !== undefined,
    );
    await this.roleSelect(name).selectOption(role);
    expect((await saved).ok()).toBe(true);
    // Scoped to the row: Next's route announcer is an (empty) alert too.
    await expect(this.memberRow(name).getByRole("alert")).toHaveCount(0);
  }

  async remove(name: string, email: string) {
    await this.memberRow(email)
      .getByRole("button", { name: `Remove ${name}` })
      .click();
    await this.page
      .getByRole("alertdialog", { name: new RegExp(`^Remove ${name}`) })
      .getByRole("button", { name: "Remove member" })
      .click();
    await expect(this.memberRow(email)).toHaveCount(0);
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
