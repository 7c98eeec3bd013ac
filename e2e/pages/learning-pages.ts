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

  async openGap(index = 0) {
    const link = this.gaps().nth(index).getByRole("link");
    const question = (await link.textContent())?.trim() ?? "";
    await link.click();
    await expect(this.page.getByRole("heading", { name: question })).toBeVisible();
    return question;
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
