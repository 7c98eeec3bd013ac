import { randomBytes } from "node:crypto";
import { expect, OWNER_STATE, test } from "./fixtures";
import { ChannelsPage } from "./pages/channels-page";

test.use({ storageState: OWNER_STATE });

test("connect VAPI and Twilio, send test events, and find them processed in the webhook log", async ({
  page,
}) => {
  const channels = new ChannelsPage(page);
  await channels.goto();

  await channels.connectVapi(`e2e-secret-${randomBytes(8).toString("hex")}`);
  const vapiCard = channels.card("VAPI");
  await expect(vapiCard.getByText(/\/api\/webhooks\/vapi\//)).toBeVisible();
  await expect(vapiCard.getByTestId("secret-status")).toContainText("•••• set on");
  const vapiResult = await channels.sendTestEvent("VAPI");
  await expect(vapiResult).toContainText("signature verified and processed");
  await expect(channels.card("VAPI").getByTestId("channel-status-vapi")).toContainText(
    "Luneo received and verified a signed test event",
  );

  await channels.connectTwilio(
    `AC${randomBytes(16).toString("hex")}`,
    randomBytes(16).toString("hex"),
    "+14153902718",
  );
  await expect(
    channels.card("Twilio").getByText(/\/api\/webhooks\/twilio\/.+\/voice/),
  ).toBeVisible();
  const twilioResult = await channels.sendTestEvent("Twilio");
  await expect(twilioResult).toContainText("processed");

  await page.goto("/settings/webhooks");
  const rows = page.getByTestId("webhook-row");
  await expect(rows.filter({ hasText: "end-of-call-report" })).toContainText("processed");
  await expect(rows.filter({ hasText: "sms" }).first()).toContainText("processed");
  await expect(page.getByTestId("count-processed")).toContainText("2");
  await expect(page.getByTestId("webhook-test-label")).toHaveCount(2);

  await rows
    .filter({ hasText: "end-of-call-report" })
    .getByRole("link", { name: "end-of-call-report" })
    .click();
  await expect(page.getByTestId("webhook-payload")).toContainText('"type": "end-of-call-report"');
});

test("the Channels page fits a phone: long webhook URLs wrap inside their box", async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const channels = new ChannelsPage(page);
  await channels.goto();
  // The shared owner may have connected VAPI already (the test above): URLs show once it is.
  if (await channels.card("VAPI").getByRole("button", { name: "Connect VAPI" }).isVisible()) {
    await channels.connectVapi(`e2e-secret-${randomBytes(8).toString("hex")}`);
  }
  await expect(page.getByTestId("webhook-url").first()).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});

test("an owner finds Channels and the Webhook log in the sidebar", async ({ page }) => {
  await page.goto("/dashboard");
  const nav = page.getByRole("navigation", { name: "Main", exact: true });
  await expect(nav.getByRole("link", { name: "Channels" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Webhook log" })).toBeVisible();
});
