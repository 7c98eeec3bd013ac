import { execFileSync } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { endOfCallReport } from "../test/fixtures/vapi";
import type { Page } from "@playwright/test";
import { expect, newAccount, test } from "./fixtures";
import { confirmEmail, SignInPage, SignUpPage } from "./pages/auth-pages";
import { ChannelsPage } from "./pages/channels-page";
import { OverviewPage } from "./pages/overview-page";

// The overview's ROI part: the demo agency's months of history, a new business's empty state, and
// signed webhooks for a handful of calls ending up, exactly, in the figures.

/** The demo login (db/seed.ts DEMO_OWNER; not imported: that module is server code). */
const DEMO_OWNER = { email: "demo@luneo.dev", password: "luneo-demo-password" };

async function signInAsDemo(page: Page) {
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(DEMO_OWNER.email, DEMO_OWNER.password);
  await expect(page).toHaveURL(/\/dashboard$/);
}

test.describe("the demo agency", () => {
  test.beforeAll(() => {
    // The demo seed, as `npm run dev` runs it on first start (idempotent).
    execFileSync("npx", ["tsx", "--conditions=react-server", "scripts/seed.ts"], {
      stdio: "ignore",
      env: process.env,
    });
  });

  test("sees what the agent did and what it is worth, why, and a newer formula", async ({
    page,
  }) => {
    await signInAsDemo(page);
    const overview = new OverviewPage(page);
    await expect(overview.kpi("net")).toContainText("$");
    await expect(overview.kpi("conversations")).toContainText(/\d+ calls/);
    await expect(overview.chart("value").getByRole("application")).toBeVisible();
    await expect(
      overview.chart("outcomes").locator(".recharts-bar-rectangle").first(),
    ).toBeVisible();

    await expect(page.getByTestId("roi-forecast")).toContainText(/about \d+/);
    await overview.choosePeriod("Last 90 days");
    const trace = await overview.openTrace();
    // The hourly cost changed a month ago: two settings versions applied within 90 days.
    await expect(trace.getByTestId("applied-settings")).toHaveCount(2);
    await expect(trace.getByTestId("applied-settings").first()).toContainText("formula v1");
    await expect(trace).toContainText("45 USD an hour");
    await expect(trace).toContainText("48 USD an hour");
    await expect(overview.formulaOffer()).toContainText("Now: v1");
    await expect(overview.formulaOffer()).toContainText("New: v2");
    await page.screenshot({ path: "test-results/overview-desktop.png", fullPage: true });

    await page.setViewportSize({ width: 390, height: 844 });
    await overview.goto("?range=30d");
    await expect(overview.kpi("net")).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    );
    await page.screenshot({ path: "test-results/overview-phone.png", fullPage: true });
  });

  test("a range that is not one says so, and shows the last 7 days", async ({ page }) => {
    await signInAsDemo(page);
    const overview = new OverviewPage(page);
    await overview.goto("?range=custom&from=2026-12-05&to=2026-01-01");
    await expect(page.getByTestId("range-error")).toContainText(
      "The last day comes before the first.",
    );
    await expect(overview.kpi("net")).toBeVisible();
  });

  test("downloads the breakdown of the range as CSV", async ({ page }) => {
    await signInAsDemo(page);
    const overview = new OverviewPage(page);
    await overview.choosePeriod("Last 30 days");
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Download the breakdown (CSV)" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^luneo-roi-\d{4}-\d{2}-\d{2}-to-.+-day\.csv$/);
    const text = await (await file.createReadStream()).toArray();
    const lines = Buffer.concat(text).toString("utf8").trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/^period,conversations,callsAnswered/);
    expect(lines).toHaveLength(32); // header, 30 days, total
    expect(lines.at(-1)).toMatch(/^total,/);
  });
});

test("a new business sees what will appear, and why it is empty", async ({ page }) => {
  await new SignUpPage(page).signUpAndFinishSetupLater(newAccount("empty"));
  const overview = new OverviewPage(page);
  await expect(overview.empty()).toContainText("No calls yet");
  await expect(overview.kpi("net")).toHaveCount(0);
});

test("signed webhooks for three calls: the overview counts them and their cost exactly", async ({
  page,
  request,
}) => {
  test.setTimeout(180_000);
  const owner = newAccount("roi");
  await new SignUpPage(page).signUpAndFinishSetupLater(owner);
  await confirmEmail(page, owner.email);
  const channels = new ChannelsPage(page);
  await channels.goto();
  const secret = `e2e-secret-${randomBytes(8).toString("hex")}`;
  await channels.connectVapi(secret);
  const url = await channels
    .card("VAPI")
    .getByText(/\/api\/webhooks\/vapi\//)
    .first()
    .innerText();

  const costs = [0.4271, 0.3129, 0.2];
  for (const [i, cost] of costs.entries()) {
    const started = new Date(Date.now() - (i + 2) * 3_600_000);
    const response = await request.post(new URL(url.trim()).pathname, {
      headers: { "x-vapi-secret": secret, "content-type": "application/json" },
      data: endOfCallReport({
        callId: randomUUID(),
        callSid: `CA${randomBytes(16).toString("hex")}` as never,
        customerNumber: `+1415555${String(1000 + i)}` as never,
        message: {
          startedAt: started.toISOString(),
          endedAt: new Date(started.getTime() + 240_000).toISOString(),
          cost,
        },
      }),
    });
    expect(response.status()).toBe(200);
  }

  // Ingestion asks for the rollups to catch up within a minute.
  const overview = new OverviewPage(page);
  await expect(async () => {
    await overview.goto("?range=7d");
    await expect(overview.kpi("conversations")).toContainText("3 calls", { timeout: 1_000 });
  }).toPass({ timeout: 150_000, intervals: [5_000] });
  const trace = await overview.openTrace();
  await expect(trace).toContainText("$0.94");
  await expect(overview.kpi("conversations")).toContainText(/^Conversations handled\s*3/);
  // The figure opens the three conversations behind it, each with its cost.
  await overview.drill("conversations");
  await expect(overview.drillRows()).toHaveCount(3);
  await expect(page.getByTestId("drill-rows")).toContainText("$0.4271");
});
