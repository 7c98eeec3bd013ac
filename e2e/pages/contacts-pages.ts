import { expect, type Locator, type Page } from "@playwright/test";

export class ContactsListPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/contacts");
  }

  async search(text: string) {
    const form = this.page.getByRole("search", { name: "Filter contacts" });
    await form.getByLabel("Search").fill(text);
    await form.getByRole("button", { name: "Apply" }).click();
    // The list is the URL's: wait until it shows this search, not the previous one.
    await this.page.waitForURL((url) => (url.searchParams.get("q") ?? "") === text.trim());
  }

  rows(): Locator {
    return this.page.getByTestId("contact-row");
  }
}

export class ContactPage {
  constructor(private readonly page: Page) {}

  call(): Locator {
    return this.page.getByTestId("timeline-call").first();
  }

  async showTranscript() {
    await this.call().getByRole("button", { name: "Show transcript" }).click();
    await expect(this.call().getByTestId("transcript")).toBeVisible();
  }

  async addNote(body: string) {
    const form = this.page.getByTestId("note-form");
    await form.getByRole("textbox").fill(body);
    await form.getByRole("button").click();
    await expect(this.page.getByTestId("note-body").filter({ hasText: body })).toBeVisible();
  }
}
