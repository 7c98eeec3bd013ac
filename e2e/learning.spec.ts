import { execFileSync } from "node:child_process";
import { expect, test } from "./fixtures";
import { SignInPage } from "./pages/auth-pages";
import { LearningPages } from "./pages/learning-pages";

// The demo agency's learning loop in the browser: ranked gaps from its calls, a gap's examples, an
// admin approving an answer that then shows among the agent's approved answers; members read only.

const DEMO = { email: "demo@luneo.dev", password: "luneo-demo-password" };
const MEMBER = { email: "member@luneo.dev", password: "luneo-demo-password" };

test.use({ storageState: { cookies: [], origins: [] } });

test.beforeAll(() => {
  execFileSync("node_modules/.bin/tsx", ["--conditions=react-server", "scripts/seed.ts"], {
    env: process.env,
    encoding: "utf8",
  });
});

test("an admin reviews ranked gaps and teaches the agent an answer", async ({ page }) => {
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(DEMO.email, DEMO.password);
  await expect(page).toHaveURL(/\/dashboard/);

  const learning = new LearningPages(page);
  await learning.open();
  expect(await learning.gaps().count()).toBeGreaterThanOrEqual(4);
  await expect(page.getByTestId("outcome-bar")).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("learning-list.png"), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: test.info().outputPath("learning-list-390.png"), fullPage: true });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1280, height: 900 });

  const question = await learning.openGap(/pets/i);
  await expect(page.getByTestId("gap-examples").getByRole("listitem").first()).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("learning-gap.png"), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: test.info().outputPath("learning-gap-390.png"), fullPage: true });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1280, height: 900 });

  await learning.approve(
    "Yes. Cats and small dogs are welcome in most of our rentals, with a pet deposit of one month's rent.",
  );
  await learning.open();
  await learning.openApproved();
  await expect(page.getByTestId("approved-answers")).toContainText(question);
  await page.screenshot({ path: test.info().outputPath("learning-approved.png"), fullPage: true });
});

test("staff see the questions a trade shares across orgs, or say when none is shared yet", async ({
  page,
}) => {
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(DEMO.email, DEMO.password);
  await expect(page).toHaveURL(/\/dashboard/);
  // The demo owner is staff (the seed); one org of the trade shares nothing with others yet.
  const opened = await page.goto("/staff/learning?vertical=real-estate");
  expect(opened?.status()).toBe(200);
  await expect(page.getByRole("heading", { name: "Learning across orgs" })).toBeVisible();
  await expect(page.getByText("No question is shared by 3 or more orgs yet")).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("staff-learning.png"), fullPage: true });
});

test("a member reads the gaps but cannot decide", async ({ page }) => {
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(MEMBER.email, MEMBER.password);
  await expect(page).toHaveURL(/\/dashboard/);
  const learning = new LearningPages(page);
  await learning.open();
  await learning.openGap();
  await expect(page.getByTestId("approve-form")).toHaveCount(0);
});
