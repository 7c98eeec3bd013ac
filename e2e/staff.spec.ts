import { execFileSync } from "node:child_process";
import { expect, newAccount, test } from "./fixtures";
import { SignUpPage } from "./pages/auth-pages";
import { DashboardShell } from "./pages/dashboard-shell";

// /staff against the real server: a real 404 status for anyone who is not staff (signed out, an
// ordinary owner, someone whose staff role was revoked), the overview for staff. The role is
// granted with the command an operator would run, against the server's database.

function staffCommand(...args: string[]): string {
  return execFileSync(
    "node_modules/.bin/tsx",
    ["--conditions=react-server", "scripts/staff.ts", ...args],
    { env: process.env, encoding: "utf8" },
  );
}

test("only staff open /staff; everyone else gets a 404", async ({ page, browser }) => {
  const signedOut = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const anonymous = await signedOut.request.get("/staff", { maxRedirects: 0 });
  expect(anonymous.status()).toBe(404);
  await signedOut.close();

  const account = newAccount("staff");
  await new SignUpPage(page).signUpAndFinishSetupLater(account);
  const notYet = await page.goto("/staff");
  expect(notYet?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "We can’t find this page" })).toBeVisible();

  expect(staffCommand("grant", account.email)).toContain(`${account.email} is now Luneo staff.`);
  const opened = await page.goto("/staff");
  expect(opened?.status()).toBe(200);
  await expect(page.getByRole("heading", { name: "Organisations" })).toBeVisible();
  const row = page.getByTestId("staff-orgs").getByRole("row").filter({ hasText: account.orgName });
  await expect(row).toContainText("not chosen");
  await expect(row.getByRole("cell").last()).toHaveText("1");
  await page.screenshot({ path: test.info().outputPath("staff-overview.png"), fullPage: true });

  staffCommand("revoke", account.email);
  const revoked = await page.goto("/staff");
  expect(revoked?.status()).toBe(404);
  // Still signed in to their own org: only the staff area went away.
  await page.goto("/dashboard");
  await new DashboardShell(page).expectOrg(account.orgName, "owner");
});
