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

  /** On a gap's page: sets it aside until `day` (YYYY-MM-DD). */
  async snoozeUntil(day: string) {
    const form = this.page.getByTestId("snooze-form");
    await form.getByLabel("Snooze until").fill(day);
    await form.getByRole("button", { name: "Snooze" }).click();
    await expect(form.getByText(/Snoozed until/)).toBeVisible();
  }

  /** On a gap's page: merges it into the gap whose question matches `question`, which then opens. */
  async mergeInto(question: RegExp) {
    const form = this.page.getByTestId("merge-form");
    const select = form.getByLabel(/Merge into it/);
    const label = (await select.locator("option").allTextContents()).find((o) => question.test(o));
    if (!label) throw new Error(`no merge target matches ${question}`);
    await select.selectOption({ label });
    await form.getByRole("button", { name: "Merge into that gap" }).click();
    await expect(this.page.getByRole("heading", { level: 1 })).toHaveText(question);
  }

  /** On a gap's page: moves the caller's question matching `question` into a gap of its own. */
  async moveOut(question: RegExp) {
    const example = this.page.getByTestId("gap-examples").getByRole("listitem").filter({
      hasText: question,
    });
    await example.getByRole("button", { name: /move to its own gap/ }).click();
    await expect(example).toHaveCount(0);
  }

  /** On the list: ticks the gaps whose questions match, then dismisses them with `reason`. */
  async dismissChosen(questions: RegExp[], reason: string) {
    for (const question of questions) {
      await this.page.getByRole("checkbox", { name: question }).check();
    }
    const bulk = this.page.getByTestId("bulk-form");
    await bulk.getByLabel("Reason for dismissing the chosen gaps").fill(reason);
    await bulk.getByRole("button", { name: "Dismiss" }).click();
    await expect(bulk.getByRole("status")).toContainText("decided");
  }
}
