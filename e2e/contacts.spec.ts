import { randomBytes, randomUUID } from "node:crypto";
import { endOfCallReport, SUMMARY, VAPI_IDS } from "../test/fixtures/vapi";
import { expect, newAccount, test } from "./fixtures";
import { SignUpPage } from "./pages/auth-pages";
import { ChannelsPage } from "./pages/channels-page";
import { ContactPage, ContactsListPage } from "./pages/contacts-pages";
import { OnboardingWizard } from "./pages/onboarding-wizard";

// A call reaches Luneo through the real VAPI webhook (a signed end-of-call report), becomes a
// contact with a timeline, and is found by its number however it is typed.

test("a webhook call lands on the caller's timeline with its summary, found by 06 12 34 56 78 or +33612345678", async ({
  page,
}) => {
  test.setTimeout(90_000);
  const owner = newAccount("agence");
  await new SignUpPage(page).signUp(owner);
  const wizard = new OnboardingWizard(page);
  await wizard.expectStep("profile", "Tell us about your business");
  await wizard.saveProfile("FR", "Europe/Paris");
  await wizard.expectStep("vertical", "What does your business do?");

  const channels = new ChannelsPage(page);
  await channels.goto();
  const secret = `e2e-secret-${randomBytes(8).toString("hex")}`;
  await channels.connectVapi(secret);
  const serverUrl = await channels
    .card("VAPI")
    .getByText(/\/api\/webhooks\/vapi\//)
    .first()
    .textContent();
  const path = new URL(serverUrl!.trim()).pathname;

  // The fixture's ids are typed as its own literals; this call comes from a French mobile.
  const customerNumber = "+33612345678" as unknown as typeof VAPI_IDS.customerNumber;
  const report = endOfCallReport({ callId: randomUUID(), customerNumber });
  const delivered = await page.request.post(path, {
    headers: { "content-type": "application/json", "x-vapi-secret": secret },
    data: JSON.stringify(report),
  });
  expect(delivered.status()).toBe(200);

  const list = new ContactsListPage(page);
  await list.goto();
  // The job runs in the background: the contact appears within a few seconds.
  await expect(async () => {
    await page.reload();
    await expect(list.rows()).toHaveCount(1, { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });

  for (const typed of ["06 12 34 56 78", "+33612345678"]) {
    await list.search(typed);
    await expect(list.rows()).toHaveCount(1);
  }
  await list.search("06 99 99 99 99");
  await expect(list.rows()).toHaveCount(0);
  await expect(page.getByText("No contacts match these filters")).toBeVisible();
  await list.search("");
  await page.screenshot({ path: ".ci/out/screenshots/contacts-list.png", fullPage: true });

  await list.rows().first().getByRole("link").first().click();
  const contact = new ContactPage(page);
  await expect(contact.call().getByTestId("call-summary")).toContainText(SUMMARY.slice(0, 40));
  await contact.showTranscript();
  await contact.addNote("Called back, wants a second viewing on Saturday.");
  await page.screenshot({ path: ".ci/out/screenshots/contact-page.png", fullPage: true });
});
