import { expect, type Locator, type Page } from "@playwright/test";

/** Settings → Actions: the catalog's settings, approvals, try-it and the VAPI tools. */
export class ActionsSettingsPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/settings/actions");
    await expect(this.page.getByRole("heading", { name: "Tools for VAPI" })).toBeVisible();
  }

  form(action: string): Locator {
    return this.page.getByTestId(`settings-${action}`);
  }

  /** Turns `action` on with its configuration fields (label → value), and saves. */
  async turnOn(action: string, fields: Record<string, string> = {}) {
    const form = this.form(action);
    await form.getByLabel("Turned on").check();
    for (const [label, value] of Object.entries(fields)) await form.getByLabel(label).fill(value);
    await form.getByRole("button", { name: "Save" }).click();
    await expect(form.getByText("Saved.")).toBeVisible();
  }

  approvals(): Locator {
    return this.page.getByTestId("approval");
  }

  /** Declines the only waiting approval: the list then says nothing waits. */
  async declineOnly() {
    await expect(this.approvals()).toHaveCount(1);
    await this.approvals().getByRole("button", { name: "Decline" }).click();
    await expect(this.page.getByText("Nothing waits for you")).toBeVisible();
  }

  async dryRun(actionLabel: string, input: string): Promise<Locator> {
    const form = this.page.getByTestId("try-action");
    await form.getByLabel("Action").selectOption({ label: actionLabel });
    await form.getByLabel("Input (JSON)").fill(input);
    await form.getByRole("button", { name: "Dry-run" }).click();
    const result = this.page.getByTestId("try-result");
    await expect(result).toBeVisible();
    return result;
  }
}

export class TasksPage {
  constructor(private readonly page: Page) {}

  async goto(query = "") {
    await this.page.goto(`/tasks${query}`);
    await expect(this.page.getByRole("heading", { name: "Tasks", level: 1 })).toBeVisible();
  }

  task(title: string): Locator {
    return this.page.getByTestId("task").filter({ hasText: title });
  }

  /** Opens the contact a task is about. */
  async openContactOf(title: string) {
    await this.task(title).getByTestId("task-contact").click();
  }

  /** Marks an open task done: it leaves the list of open tasks. */
  async markDone(title: string) {
    await this.task(title).getByRole("button", { name: "Mark done" }).click();
    await expect(this.task(title)).toHaveCount(0);
  }
}

export class JournalPage {
  constructor(private readonly page: Page) {}

  async goto(query = "") {
    await this.page.goto(`/settings/actions/journal${query}`);
    await expect(this.page.getByRole("heading", { name: "Actions journal" })).toBeVisible();
  }

  rows(): Locator {
    return this.page.getByTestId("journal-row");
  }
}
