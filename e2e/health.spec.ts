import { expect, newAccount, test } from "./fixtures";
import { SignUpPage } from "./pages/auth-pages";
import { HealthPages } from "./pages/health-pages";

// Health against the real server: an owner with no channel sees what is measured, publishes the
// status page, opens an incident by hand (the banner follows it on every page), resolves it and
// writes the postmortem; a signed-out visitor reads the public page, at 390 px too.

const noSidewaysScroll = async (page: import("@playwright/test").Page) =>
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(
    true,
  );

test("an owner runs an incident from opening to postmortem, and the public page shows it", async ({
  page,
  browser,
}) => {
  const account = newAccount("health");
  await new SignUpPage(page).signUpAndFinishSetupLater(account);
  const health = new HealthPages(page);
  await health.open();
  await expect(page.getByTestId("health-summary")).toContainText("Everything is working.");
  await expect(page.getByTestId("component-processing")).toContainText("Operational");
  await expect(page.getByTestId("component-phone")).toContainText("Not connected");

  await health.setAlertWebhook("http://127.0.0.1:9/hook");
  await expect(page.getByText(/points to a private, loopback or link-local network/)).toBeVisible();
  await expect(page.getByLabel("Alert webhook (optional)")).toHaveValue("http://127.0.0.1:9/hook");
  await page.getByLabel("Alert webhook (optional)").fill("");
  const statusPath = await health.publishStatusPage();

  const title = "Calls to the showroom go to voicemail";
  await health.openIncident({
    title,
    impact: "Partial outage",
    body: "Callers hear the voicemail greeting instead of the agent; we are checking the number's routing.",
  });
  await page.goto("/dashboard");
  await expect(health.banner()).toContainText(title);
  await page.screenshot({ path: test.info().outputPath("banner-dashboard.png") });

  await health.banner().getByRole("link", { name: title }).click();
  await health.postUpdate("Identified", "The number was still forwarded to the old voicemail box.");
  await expect(health.timeline()).toContainText("Identified");
  await page.screenshot({ path: test.info().outputPath("incident-open.png"), fullPage: true });

  const visitor = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const publicPage = await visitor.newPage();
  const answer = await publicPage.goto(statusPath);
  expect(answer?.status()).toBe(200);
  await expect(publicPage.getByRole("heading", { name: account.orgName })).toBeVisible();
  await expect(publicPage.getByTestId("public-incident")).toContainText(title);
  await expect(publicPage.getByTestId("overall-status")).toContainText("1 ongoing incident");
  await expect(publicPage.locator("body")).not.toContainText(account.email);
  await publicPage.screenshot({ path: test.info().outputPath("status-page.png"), fullPage: true });
  await publicPage.setViewportSize({ width: 390, height: 844 });
  await noSidewaysScroll(publicPage);
  await publicPage.screenshot({
    path: test.info().outputPath("status-page-390.png"),
    fullPage: true,
  });
  const missing = await publicPage.goto("/status/no-such-business-anywhere");
  expect(missing?.status()).toBe(404);
  await visitor.close();

  await health.postUpdate("Resolved", "Forwarding removed; calls reach the agent again.");
  await expect(health.timeline()).toContainText("Resolved");
  await expect(health.banner()).toHaveCount(0);
  await health.writePostmortem("The showroom's number kept an old forward after the move.");

  await page.setViewportSize({ width: 390, height: 844 });
  await health.open();
  await noSidewaysScroll(page);
  await page.screenshot({ path: test.info().outputPath("health-390.png"), fullPage: true });
  await page.goto("/health/incidents");
  await expect(page.getByTestId("incident-row")).toContainText(title);
  await noSidewaysScroll(page);
});
