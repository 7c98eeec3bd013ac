import { expect, type Page } from "@playwright/test";

/** /learning and a gap's page. */
export class LearningPages {
  constructor(private readonly page: Page) {}

  async open() {
    await this.page.goto("/learning");
    await expect(this.page.getByRole("heading", { name: "Learning", exact: true })).toBeVisible();
  }

  gaps() {
    return this.page.getByTestId("gap-row");
  }

  /** Opens the first gap, or the first whose question matches `question`. */
  async openGap(question?: RegExp) {
    const rows = question ? this.gaps().filter({ hasText: question }) : this.gaps();
    const link = rows.first().getByRole("link");
    const opened = (await link.textContent())?.trim() ?? "";
    await link.click();
    await expect(this.page.getByRole("heading", { name: opened })).toBeVisible();
    return opened;
  }

  async approve(answer: string) {
    const form = this.page.getByTestId("approve-form");
    await form.getByLabel("Answer the agent should give").fill(answer);
    await form.getByRole("button", { name: "Approve and teach the agent" }).click();
    await expect(this.page.getByRole("heading", { name: "Approved answer" })).toBeVisible();
  }

  async openApproved() {
    await this.page.getByRole("link", { name: /Approved answers/ }).click();
    await expect(this.page.getByTestId("approved-answers")).toBeVisible();
  }
}
