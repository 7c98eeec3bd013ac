import { expect, type Page } from "@playwright/test";

export class DashboardShell {
  constructor(private readonly page: Page) {}

  async expectOrg(name: string, role: string) {
    await expect(this.page).toHaveURL(/\/dashboard$/);
    await expect(this.page.getByTestId("org-name")).toHaveText(name);
    await expect(this.page.getByTestId("org-role")).toHaveText(role);
  }

  async openUserMenu() {
    await this.page.getByRole("button", { name: /Account menu/ }).click();
  }

  async signOut() {
    await this.openUserMenu();
    await this.page.getByRole("menuitem", { name: "Sign out" }).click();
    await expect(this.page).toHaveURL(/\/sign-in/);
  }

  async switchTo(orgName: string) {
    await this.openUserMenu();
    await this.page.getByRole("menuitem", { name: new RegExp(orgName) }).click();
    await expect(this.page.getByTestId("org-name")).toHaveText(orgName);
  }

  nav() {
    return this.page.getByRole("navigation", { name: "Main", exact: true });
  }
}
