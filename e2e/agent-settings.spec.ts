import { expect, newAccount, test } from "./fixtures";
import { confirmEmail, SignUpPage } from "./pages/auth-pages";
import { ApiKeysPage } from "./pages/settings-pages";

// An org pinned to an older template (chosen through the public API, as an integration would)
// reviews what the new version changes and upgrades; its own greeting survives.

test("an owner reviews a template update, upgrades, and keeps their greeting", async ({ page }) => {
  test.setTimeout(60_000);
  const owner = newAccount("agency");
  await new SignUpPage(page).signUpAndFinishSetupLater(owner);
  await confirmEmail(page, owner.email); // API keys wait for a confirmed address (ADR 0010)

  const keys = new ApiKeysPage(page);
  await keys.goto();
  const token = await keys.create("Setup script", ["verticals:write"]);
  const selected = await page.request.post("/api/v1/verticals/select", {
    headers: { authorization: `Bearer ${token}` },
    data: { slug: "real-estate", version: 1 },
  });
  expect(selected.status()).toBe(200);

  await page.goto("/settings/agent");
  await expect(page.getByTestId("current-vertical")).toContainText("Real estate · template v1");
  const form = page.getByTestId("customize-form");
  await expect(form.getByRole("button", { name: "Save changes" })).toBeEnabled();
  await form.getByLabel("Greeting").fill("Welcome to {{businessName}}, how can we help?");
  await form.getByRole("button", { name: "Save changes" }).click();
  await expect(form.getByTestId("reset-greeting")).toBeVisible();

  const upgrade = page.getByTestId("template-upgrade");
  await upgrade.getByRole("button", { name: "Review the changes in v2" }).click();
  await expect(upgrade).toContainText(/energy performance/i);
  await expect(page.getByTestId("overrides-kept")).toBeVisible();
  await upgrade.screenshot({ path: ".ci/out/screenshots/agent-settings-upgrade.png" });
  await upgrade.getByRole("button", { name: "Upgrade to v2" }).click();
  await expect(page.getByTestId("upgrade-done")).toBeVisible();

  const config = await page.request.get("/api/v1/verticals/config", {
    headers: { authorization: `Bearer ${token}` },
  });
  const body = (await config.json()) as {
    data: { template: { version: number }; resolved: { agent: { greeting: string } } };
  };
  expect(body.data.template.version).toBe(2);
  expect(body.data.resolved.agent.greeting).toBe("Welcome to {{businessName}}, how can we help?");
  await page.reload();
  await expect(page.getByTestId("current-vertical")).toContainText("template v2");
  await page.screenshot({ path: ".ci/out/screenshots/agent-settings.png", fullPage: true });
});
