import { expect, type Page } from "@playwright/test";

/** Health → the health page, the incidents and one incident, and the public status page. */
export class HealthPages {
  constructor(private readonly page: Page) {}

  async open() {
    await this.page.goto("/health");
    await expect(this.page.getByRole("heading", { name: "Health", level: 1 })).toBeVisible();
  }

  /** Turns the public status page on and returns its address. */
  async publishStatusPage(): Promise<string> {
    const form = this.page.getByRole("form", { name: "Health settings" });
    await form.getByLabel(/Publish a public status page/).check();
    await form.getByRole("button", { name: "Save" }).click();
    await expect(form.getByText("Saved.")).toBeVisible();
    const text = await form.getByTestId("status-page-url").textContent();
    return new URL(text!.trim()).pathname;
  }

  async setAlertWebhook(url: string) {
    const form = this.page.getByRole("form", { name: "Health settings" });
    await form.getByLabel("Alert webhook (optional)").fill(url);
    await form.getByRole("button", { name: "Save" }).click();
  }

  async openIncident(p: { title: string; impact: string; body: string }) {
    await this.page.goto("/health/incidents");
    const form = this.page.getByRole("form", { name: "Open an incident" });
    await form.getByLabel("Title").fill(p.title);
    await form.getByLabel("Impact").selectOption({ label: p.impact });
    await form.getByLabel("First update").fill(p.body);
    await form.getByRole("button", { name: "Open incident" }).click();
    await expect(this.page.getByRole("heading", { name: p.title, level: 1 })).toBeVisible();
  }

  async postUpdate(status: string, body: string) {
    const form = this.page.getByRole("form", { name: "Post an update" });
    await form.getByLabel("Status").selectOption({ label: status });
    await form.getByLabel("Update").fill(body);
    await form.getByRole("button", { name: "Post update" }).click();
  }

  async writePostmortem(text: string) {
    const form = this.page.getByRole("form", { name: "Postmortem" });
    await form.getByLabel("Postmortem").fill(text);
    await form.getByRole("button", { name: "Save postmortem" }).click();
    await expect(form.getByText("Postmortem saved.")).toBeVisible();
  }

  timeline() {
    return this.page.getByTestId("incident-timeline");
  }

  banner() {
    return this.page.getByTestId("incident-banner");
  }
}
