import { expect, newAccount, test } from "./fixtures";
import { SignInPage, SignUpPage } from "./pages/auth-pages";
import { DashboardShell } from "./pages/dashboard-shell";
import { ProfilePage } from "./pages/profile-page";

// A session cookie copied before signing out (or before a password change) must not open pages
// or run server actions afterwards: sessions are revocable (docs/adr/0003).

test("a cookie saved before sign-out opens nothing and runs no server action afterwards", async ({
  page,
  browser,
}) => {
  const owner = newAccount("revoked");
  await new SignUpPage(page).signUpAndFinishSetupLater(owner);
  const saved = await page.context().cookies();

  // Another tab (same cookie) has the profile form open before the sign-out.
  const copy = await browser.newContext({ storageState: { cookies: saved, origins: [] } });
  const copyPage = await copy.newPage();
  const profile = new ProfilePage(copyPage);
  await profile.goto();

  await new DashboardShell(page).signOut();

  // The saved form's server action is refused, and nothing changed.
  await profile.changeName("Mallory");
  await expect(copyPage.getByText("Your session has ended. Sign in again.")).toBeVisible();
  // The saved cookie no longer opens a page or the session endpoint.
  await copyPage.goto("/dashboard");
  await expect(copyPage).toHaveURL(/\/sign-in/);
  const session = await copyPage.request.get("/api/auth/session");
  expect(await session.json()).toBeNull();
  await copy.close();

  await new SignInPage(page).signIn(owner.email, owner.password);
  await new DashboardShell(page).expectOrg(owner.orgName, "owner");
  await expect(page.getByRole("button", { name: /Account menu/ })).toContainText(owner.name);
});

test("the profile page changes the name and the password; other sessions end, this one stays", async ({
  page,
  browser,
}) => {
  const owner = newAccount("profile");
  await new SignUpPage(page).signUpAndFinishSetupLater(owner);
  const other = await browser.newContext({
    storageState: { cookies: await page.context().cookies(), origins: [] },
  });
  const otherPage = await other.newPage();

  await new DashboardShell(page).openUserMenu();
  await page.getByRole("menuitem", { name: "Your profile" }).click();
  await expect(page).toHaveURL(/\/settings\/profile$/);
  const profile = new ProfilePage(page);

  // A blank name: a field error, and the form keeps what was typed.
  await profile.changeName("   ");
  await expect(page.getByText("Enter your name.")).toBeVisible();
  await profile.changeName("Alex Renamed");
  await expect(page.getByTestId("name-saved")).toContainText("Alex Renamed");
  await expect(page.getByLabel("Your name")).toHaveValue("Alex Renamed");

  // Wrong current password: a clear field error, the passwords are not kept.
  await profile.changePassword("not my password", "a brand new passphrase");
  await expect(page.getByText("This is not your current password.")).toBeVisible();
  await expect(page.getByLabel("Current password")).toHaveValue("");
  await profile.changePassword(owner.password, "short", "short");
  await expect(page.getByText("Use at least 10 characters.")).toBeVisible();

  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: "/work/shots/h1/profile-390-errors.png", fullPage: true });

  await profile.changePassword(owner.password, "a brand new passphrase");
  await expect(page).toHaveURL(/\/settings\/profile\?password=changed$/);
  await expect(page.getByTestId("password-changed")).toBeVisible();
  await page.screenshot({ path: "/work/shots/h1/profile-390-changed.png", fullPage: true });

  // This browser is still signed in; the other one is not.
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/dashboard$/);
  await otherPage.goto("/dashboard");
  await expect(otherPage).toHaveURL(/\/sign-in/);
  await other.close();

  // The new password signs in; the old one does not.
  await new DashboardShell(page).signOut();
  const signIn = new SignInPage(page);
  await signIn.signIn(owner.email, owner.password);
  await signIn.expectError("Wrong email or password.");
  await signIn.signIn(owner.email, "a brand new passphrase");
  await new DashboardShell(page).expectOrg(owner.orgName, "owner");
});
