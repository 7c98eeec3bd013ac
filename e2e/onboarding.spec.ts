import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { expect, newAccount, test } from "./fixtures";
import { SignUpPage } from "./pages/auth-pages";
import { OnboardingWizard } from "./pages/onboarding-wizard";

// The newcomer's path: sign up, the six steps of the wizard, the dashboard. Timed and counted for
// the report (never asserted: timings are not test outcomes). Screenshots of every step go to
// .ci/out/screenshots/ for people to look at.

mkdirSync(".ci/out/screenshots", { recursive: true });

test("a newcomer sets up a real-estate agency, test events included, and lands on a finished dashboard", async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  const started = Date.now();
  const owner = newAccount("newcomer");
  const wizard = new OnboardingWizard(page);

  await new SignUpPage(page).signUp(owner);
  wizard.fields += 4; // name, business, email, password
  wizard.clicks += 1; // Create account

  await wizard.expectStep("profile", "Tell us about your business");
  await wizard.screenshot("real-estate-1-profile");
  await wizard.saveProfile("FR", "Europe/Paris");

  await wizard.expectStep("vertical", "What does your business do?");
  await wizard.screenshot("real-estate-2-vertical");
  await wizard.chooseVertical("real-estate");

  await wizard.expectStep("customize", "Make it yours");
  await wizard.screenshot("real-estate-3-customize");
  await wizard.customizeGreeting("Bonjour! You've reached {{businessName}}. How can I help?");

  await wizard.expectStep("connect", "Connect your phone line and your agent");
  await expect(page.getByTestId("connect-continue")).toHaveCount(0);
  await wizard.screenshot("real-estate-4-connect");
  const channels = wizard.channels();
  await channels.connectVapi(`e2e-secret-${randomBytes(8).toString("hex")}`);
  await channels.connectTwilio(
    `AC${randomBytes(16).toString("hex")}`,
    randomBytes(16).toString("hex"),
    "+33612345678",
  );
  // ChannelsPage's own actions: VAPI 2 fields + 1 click, Twilio 3 fields + 1 click.
  wizard.fields += 5;
  wizard.clicks += 2;
  await expect(await channels.sendTestEvent("VAPI")).toContainText("processed");
  await expect(await channels.sendTestEvent("Twilio")).toContainText("processed");
  wizard.clicks += 2;
  const next = page.getByTestId("connect-continue");
  // A test event proves Luneo's side only: never "work(ing)" before a real call.
  await expect(next).toContainText("Test events verified");
  await expect(page.getByTestId("channel-status-twilio").last()).toContainText(
    "Twilio has not confirmed these credentials",
  );
  await wizard.screenshot("real-estate-4-connect-green");
  await wizard.click(next);

  await wizard.expectStep("value", "What is an answered call worth to you?");
  await wizard.screenshot("real-estate-5-value");
  await wizard.saveValue();

  await wizard.expectStep("done", "You're all set");
  await expect(page.getByTestId("setup-summary")).toContainText(
    "Bonjour! You've reached " + owner.orgName,
  );
  const summaryChannels = page.getByTestId("summary-channels");
  await expect(summaryChannels).toContainText("Luneo received and verified a signed test event");
  await expect(summaryChannels).toContainText("No real call has arrived from VAPI yet");
  await expect(summaryChannels).not.toContainText("working");
  await wizard.screenshot("real-estate-6-done");
  await wizard.finish();

  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await expect(page.getByTestId("setup-checklist")).toHaveCount(0);
  // Every step done, but only Luneo's own test events went through: the dashboard says so.
  await expect(page.getByText("Waiting for the first real call")).toBeVisible();
  await expect(page.getByTestId("setup-checklist-channels")).toContainText("no real call yet");
  await wizard.screenshot("real-estate-7-dashboard");

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const report = `${wizard.clicks} clicks, ${wizard.fields} fields typed or chosen, ${seconds} s of machine time`;
  testInfo.annotations.push({ type: "onboarding", description: report });
  console.log(`onboarding (real estate, with test events): ${report}`);
});

test("an e-commerce owner chooses 'do it later' for the channels and the dashboard keeps reminding", async ({
  page,
}) => {
  test.setTimeout(90_000);
  const owner = newAccount("shop");
  const wizard = new OnboardingWizard(page);
  await new SignUpPage(page).signUp({ ...owner, orgName: `Ada's Shop ${owner.orgName.slice(-8)}` });

  await wizard.expectStep("profile", "Tell us about your business");
  await wizard.screenshot("ecommerce-1-profile");
  await wizard.saveProfile("US", "America/Chicago");
  await wizard.expectStep("vertical", "What does your business do?");
  await wizard.chooseVertical("ecommerce");
  await wizard.expectStep("customize", "Make it yours");
  await wizard.screenshot("ecommerce-3-customize");

  // "Reset to template" appears once the greeting differs, and puts the template's back.
  await wizard.formReady();
  const form = page.getByTestId("customize-form");
  const greeting = form.getByLabel("Greeting");
  const original = await greeting.inputValue();
  await greeting.fill("Hello there");
  await form.getByTestId("reset-greeting").click();
  await expect(greeting).toHaveValue(original);
  await form.getByRole("button", { name: "Save and continue" }).click();

  await wizard.expectStep("connect", "Connect your phone line and your agent");
  await wizard.screenshot("ecommerce-4-connect");
  await page.getByTestId("connect-later").click();
  await wizard.expectStep("value", "What is an answered call worth to you?");
  await expect(page.getByLabel("The outcome that earns you money")).toHaveValue("saved order");
  await wizard.screenshot("ecommerce-5-value");
  await wizard.saveValue();
  await wizard.expectStep("done", "You're all set");
  await expect(page.getByTestId("setup-summary")).toContainText("Twilio: not connected");
  await wizard.screenshot("ecommerce-6-done");
  await wizard.finish();

  const checklist = page.getByTestId("setup-checklist");
  await expect(checklist).toBeVisible();
  await expect(checklist).toContainText("You chose to do this later");
  await wizard.screenshot("ecommerce-7-dashboard");

  // Resuming goes to the one step left.
  await page.getByTestId("resume-setup").click();
  await wizard.expectStep("connect", "Connect your phone line and your agent");
});
