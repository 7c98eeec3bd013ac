import { readFileSync } from "node:fs";
import { expect, newAccount, OWNER_FILE, OWNER_STATE, test, type Account } from "./fixtures";
import { SignInPage, SignUpPage } from "./pages/auth-pages";
import { DashboardShell } from "./pages/dashboard-shell";
import { TeamPage } from "./pages/settings-pages";

const owner = (): Account => JSON.parse(readFileSync(OWNER_FILE, "utf8"));

test.describe("with the owner signed in", () => {
  test.use({ storageState: OWNER_STATE });

  test("invite → accept through the link → the teammate sees the org with their role", async ({
    page,
    browser,
  }) => {
    const teammate = newAccount("teammate");
    const team = new TeamPage(page);
    await team.goto();
    const link = await team.invite(teammate.email, "member");
    expect(link).toContain("/invite/inv_");

    const teammateContext = await browser.newContext({
      storageState: { cookies: [], origins: [] },
    });
    const teammatePage = await teammateContext.newPage();
    await teammatePage.goto(link);
    await expect(
      teammatePage.getByRole("heading", { name: `Join ${owner().orgName} on Luneo` }),
    ).toBeVisible();
    await teammatePage.getByLabel("Your name").fill(teammate.name);
    await teammatePage.getByLabel("Password").fill(teammate.password);
    await teammatePage.getByRole("button", { name: "Create account and join" }).click();

    const shell = new DashboardShell(teammatePage);
    await shell.expectOrg(owner().orgName, "member");
    // A member reads; settings that change things are not offered.
    await expect(shell.nav().getByRole("link", { name: "API keys" })).toHaveCount(0);
    await expect(shell.nav().getByRole("link", { name: "Channels" })).toHaveCount(0);
    await expect(shell.nav().getByRole("link", { name: "Webhook log" })).toHaveCount(0);
    await teammatePage.goto("/settings/team");
    await expect(teammatePage.getByRole("button", { name: "Send invitation" })).toHaveCount(0);

    // The link worked once.
    await teammatePage.goto(link);
    await expect(
      teammatePage.getByRole("heading", { name: "This invitation cannot be used" }),
    ).toBeVisible();
    await teammateContext.close();

    await team.goto();
    await expect(team.memberRow(teammate.email)).toBeVisible();
    await expect(team.roleSelect(teammate.name)).toHaveValue("member");
  });

  test("the owner makes a teammate admin, then removes them; they lose the org on their next request", async ({
    page,
    browser,
  }) => {
    const teammate = newAccount("removed");
    const team = new TeamPage(page);
    await team.goto();
    const link = await team.invite(teammate.email, "member");

    const teammateContext = await browser.newContext({
      storageState: { cookies: [], origins: [] },
    });
    const teammatePage = await teammateContext.newPage();
    await teammatePage.goto(link);
    await teammatePage.getByLabel("Your name").fill(teammate.name);
    await teammatePage.getByLabel("Password").fill(teammate.password);
    await teammatePage.getByRole("button", { name: "Create account and join" }).click();
    const shell = new DashboardShell(teammatePage);
    await shell.expectOrg(owner().orgName, "member");

    await team.goto();
    // The owner's own row offers no role change.
    await expect(team.roleSelect(owner().name)).toHaveCount(0);
    await team.changeRole(teammate.name, "admin");
    await teammatePage.reload();
    await shell.expectOrg(owner().orgName, "admin");
    await expect(shell.nav().getByRole("link", { name: "API keys" })).toBeVisible();

    await team.remove(teammate.name, teammate.email);
    await teammatePage.goto("/dashboard");
    await expect(teammatePage).toHaveURL(/\/no-organisation$/);
    await expect(
      teammatePage.getByRole("heading", { name: "You are not part of any organisation" }),
    ).toBeVisible();
    await expect(teammatePage.getByText(owner().orgName)).toHaveCount(0);
    await teammatePage.getByRole("button", { name: "Sign out" }).click();
    await expect(teammatePage).toHaveURL(/\/sign-in/);
    await teammateContext.close();

    await page.goto("/settings/audit-log");
    await expect(page.getByTestId("audit-row").first()).toContainText("removed a teammate");
  });

  test("an existing user accepts through the link and switches between their two orgs", async ({
    page,
    browser,
  }) => {
    // Someone with their own org is invited into the shared owner's org as admin.
    const other = newAccount("consultant");
    const otherContext = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const otherPage = await otherContext.newPage();
    await new SignUpPage(otherPage).signUpAndFinishSetupLater(other);
    const shell = new DashboardShell(otherPage);
    await shell.expectOrg(other.orgName, "owner");

    const team = new TeamPage(page);
    await team.goto();
    const link = await team.invite(other.email, "admin");

    // Signed out, they follow the link, sign in from it, and come back to accept.
    await shell.signOut();
    await otherPage.goto(link);
    await otherPage.getByRole("link", { name: "Sign in to accept" }).click();
    await new SignInPage(otherPage).signIn(other.email, other.password);
    await expect(otherPage).toHaveURL(/\/invite\/inv_/);
    await otherPage.getByRole("button", { name: "Accept invitation" }).click();
    await shell.expectOrg(owner().orgName, "admin");

    await shell.switchTo(other.orgName);
    await expect(otherPage.getByTestId("org-role")).toHaveText("owner");
    await shell.switchTo(owner().orgName);
    await expect(otherPage.getByTestId("org-role")).toHaveText("admin");
    await otherContext.close();
  });
});
