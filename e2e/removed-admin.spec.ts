import type { Browser, Page } from "@playwright/test";
import { expect, newAccount, test, type Account } from "./fixtures";
import { confirmEmail, SignUpPage } from "./pages/auth-pages";
import { DashboardShell } from "./pages/dashboard-shell";
import { ApiKeysPage, TeamPage } from "./pages/settings-pages";

// The API keys and invitations a removed admin made do not outlive their membership, unless the
// owner removing them explicitly takes them over in the confirmation dialog.

/** An admin who joined `owner`'s org through a link, made an API key and an invitation. */
async function adminWithKey(page: Page, browser: Browser, owner: Account, keyName: string) {
  const admin = newAccount("admin");
  const team = new TeamPage(page);
  await team.goto();
  const link = await team.invite(admin.email, "admin");
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const adminPage = await context.newPage();
  await adminPage.goto(link);
  await adminPage.getByLabel("Your name").fill(admin.name);
  await adminPage.getByLabel("Password").fill(admin.password);
  await adminPage.getByRole("button", { name: "Create account and join" }).click();
  await new DashboardShell(adminPage).expectOrg(owner.orgName, "admin");
  await confirmEmail(adminPage, admin.email); // so are API keys
  const keys = new ApiKeysPage(adminPage);
  await keys.goto();
  const token = await keys.create(keyName, ["org:read"]);
  const invited = newAccount("invitee").email;
  await new TeamPage(adminPage).goto();
  await new TeamPage(adminPage).invite(invited, "member");
  await context.close();
  return { admin, token, invited };
}

async function openRemoval(page: Page, admin: Account) {
  const team = new TeamPage(page);
  await team.goto();
  await team
    .memberRow(admin.email)
    .getByRole("button", { name: `Remove ${admin.name}` })
    .first()
    .click();
  return page.getByRole("alertdialog", { name: new RegExp(`^Remove ${admin.name}`) });
}

test("removing an admin revokes their key and invitation, or hands them over when chosen", async ({
  page,
  browser,
  request,
}) => {
  const owner = newAccount("owner");
  await new SignUpPage(page).signUpAndFinishSetupLater(owner);
  await confirmEmail(page, owner.email); // inviting waits for a confirmed address (ADR 0010)
  const orgRead = (token: string) =>
    request.get("/api/v1/org", { headers: { authorization: `Bearer ${token}` } });

  // Default: revoked.
  const first = await adminWithKey(page, browser, owner, "Old CRM");
  const dialog = await openRemoval(page, first.admin);
  await expect(dialog.getByTestId("removal-belongings")).toContainText("API key Old CRM");
  await expect(dialog.getByTestId("removal-belongings")).toContainText(first.invited);
  await dialog.getByRole("button", { name: "Remove member" }).click();
  await expect(new TeamPage(page).memberRow(first.admin.email)).toHaveCount(0);
  expect((await orgRead(first.token)).status()).toBe(401);

  // Chosen: handed over to the owner, still working.
  const second = await adminWithKey(page, browser, owner, "Zapier");
  await page.setViewportSize({ width: 390, height: 844 });
  const handOver = await openRemoval(page, second.admin);
  await handOver.getByLabel("Keep them working, with me answering for them").check();
  await page.screenshot({ path: "/work/shots/h1/remove-admin-dialog-390.png" });
  await handOver.getByRole("button", { name: "Remove member" }).click();
  await expect(new TeamPage(page).memberRow(second.admin.email)).toHaveCount(0);
  expect((await orgRead(second.token)).status()).toBe(200);
  // The invitation now speaks for the owner: still listed as pending.
  await expect(page.getByText(second.invited)).toBeVisible();

  // The list names each key's creator, removed or not, and who holds a handed-over key.
  await page.setViewportSize({ width: 1280, height: 900 });
  await new ApiKeysPage(page).goto();
  const rows = page.getByTestId("api-key-row");
  await expect(rows.filter({ hasText: "Old CRM" })).toContainText("revoked");
  await expect(rows.filter({ hasText: "Old CRM" }).getByTestId("api-key-creator")).toHaveText(
    `${first.admin.name} (${first.admin.email}), no longer a member`,
  );
  await expect(rows.filter({ hasText: "Zapier" })).toContainText("active");
  await expect(rows.filter({ hasText: "Zapier" })).toContainText(`handed over to ${owner.name}`);
  await page.screenshot({ path: "/work/shots/h1/api-keys-creators.png", fullPage: true });
});
