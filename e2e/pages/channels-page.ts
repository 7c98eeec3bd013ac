import { expect, type Locator, type Page } from "@playwright/test";

export class ChannelsPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/settings/channels");
  }

  card(name: "Twilio" | "VAPI"): Locator {
    // The innermost section: the wizard wraps both cards in a section of its own.
    return this.page.locator("section:not(:has(section))", {
      has: this.page.getByRole("heading", { name, exact: true }),
    });
  }

  async connectVapi(secret: string) {
    const card = this.card("VAPI");
    await card.getByLabel("Secret", { exact: true }).fill(secret);
    await card.getByLabel("Assistant ID (optional)").fill("asst_e2e");
    await card.getByRole("button", { name: "Connect VAPI" }).click();
    await expect(card.getByText("Connected", { exact: true })).toBeVisible();
  }

  async connectTwilio(accountSid: string, authToken: string, number: string) {
    const card = this.card("Twilio");
    await card.getByLabel("Account SID").fill(accountSid);
    await card.getByLabel("Auth Token").fill(authToken);
    await card.getByLabel("Phone numbers").fill(number);
    await card.getByRole("button", { name: "Connect Twilio" }).click();
    await expect(card.getByText("Connected", { exact: true })).toBeVisible();
  }

  /** Sends the signed sample and returns the sentence shown about it. */
  async sendTestEvent(name: "Twilio" | "VAPI"): Promise<Locator> {
    const card = this.card(name);
    await card.getByRole("button", { name: "Send a test event" }).click();
    const result = card.getByTestId(`test-event-${name === "VAPI" ? "vapi" : "twilio"}`);
    await expect(result).toContainText("Arrived in", { timeout: 20_000 });
    return result;
  }
}
