import { execFileSync } from "node:child_process";
import { expect, newAccount, test } from "./fixtures";
import { SignUpPage } from "./pages/auth-pages";
import { PrivacyPage, StaffFlagsPage } from "./pages/flags-pages";

// Feature flags and analytics against the real server (no PostHog configured here, as on a fresh
// install): staff pin contacts-import off for one org on /staff/flags, and the import disappears
// for that org everywhere — its button, its pages (a real 404) and its routes — until given back.

function command(script: string, ...args: string[]): string {
  return execFileSync("node_modules/.bin/tsx", ["--conditions=react-server", script, ...args], {
    env: process.env,
    encoding: "utf8",
    timeout: 180_000,
  });
}

test("staff pin a flag for one org; what it gates disappears for that org, and comes back", async ({
  page,
}) => {
  const account = newAccount("flags");
  await new SignUpPage(page).signUpAndFinishSetupLater(account);
  command("scripts/staff.ts", "grant", account.email);

  await page.goto("/contacts");
  await expect(page.getByRole("link", { name: "Import CSV" })).toBeVisible();

  const flags = new StaffFlagsPage(page);
  expect((await flags.goto())?.status()).toBe(200);
  await expect(page.getByTestId("posthog-status")).toContainText("PostHog is not configured");
  await expect(flags.flag("contacts-import").getByTestId("posthog-rule")).toHaveText(
    "Not configured: default (on) applies",
  );
  for (const key of ["learning", "roi-forecasting", "status-page", "actions"]) {
    await expect(flags.flag(key)).toBeVisible();
  }

  await flags.override("contacts-import", account.orgName, "off");
  await expect(flags.overrides("contacts-import")).toContainText(account.orgName);
  await expect(flags.overrides("contacts-import")).toContainText("off");

  // Gone for this org: the button, the pages (a real 404 status) and the routes.
  await page.goto("/contacts");
  await expect(page.getByRole("heading", { name: "Contacts" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Import CSV" })).toHaveCount(0);
  const hidden = await page.goto("/contacts/import");
  expect(hidden?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "We can’t find this page" })).toBeVisible();
  const status = await page.request.get(
    "/contacts/imports/00000000-0000-4000-8000-000000000001/status",
  );
  expect(status.status()).toBe(404);
  expect(await status.json()).toEqual({
    error: { code: "NOT_FOUND", message: "This page was not found." },
  });

  // The org's own audit log says Luneo changed it.
  await page.goto("/settings/audit-log");
  await expect(
    page.getByText("changed which features the organisation can use (Luneo staff)"),
  ).toBeVisible();

  await flags.goto();
  await flags.override("contacts-import", account.orgName, "posthog");
  const back = await page.goto("/contacts/import");
  expect(back?.status()).toBe(200);
  await expect(page.getByRole("heading", { name: "Import contacts" })).toBeVisible();
});

test("the demo's /staff/flags and Settings → Privacy, on a desktop and a phone", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  command("scripts/seed.ts");
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill("demo@luneo.dev");
  await page.getByLabel("Password").fill("luneo-demo-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);

  const flags = new StaffFlagsPage(page);
  await flags.goto();
  const roi = flags.flag("roi-forecasting");
  await expect(roi.getByTestId("overrides")).toContainText("Harbour Home Goods (demo)");
  await expect(roi.getByTestId("enabled-count")).toContainText(/^\d+ of \d+ orgs have it$/);
  await page.screenshot({ path: test.info().outputPath("staff-flags.png"), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: test.info().outputPath("staff-flags-390.png"), fullPage: true });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  await page.setViewportSize({ width: 1280, height: 800 });
  const privacy = new PrivacyPage(page);
  await privacy.goto();
  await expect(privacy.choice(true)).toBeChecked();
  await privacy.choose(false);
  await page.reload();
  await expect(privacy.choice(false)).toBeChecked();
  await page.screenshot({ path: test.info().outputPath("privacy.png"), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: test.info().outputPath("privacy-390.png"), fullPage: true });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await privacy.choose(true);
  await context.close();
});
