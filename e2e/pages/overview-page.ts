import { expect, type Locator, type Page } from "@playwright/test";

/** The overview (/dashboard): the ROI part — figures, charts, the trace, a newer formula. */
export class OverviewPage {
  constructor(private readonly page: Page) {}

  async goto(query = "") {
    await this.page.goto(`/dashboard${query}`);
  }

  kpi(
    name:
      | "net"
      | "roi"
      | "payback"
      | "conversations"
      | "resolution"
      | "escalation"
      | "bookings"
      | "after-hours"
      | "cost-per-100"
      | "adoption",
  ): Locator {
    return this.page.getByTestId(`kpi-${name}`);
  }

  /** Opens the conversations behind a figure (the drill-down). */
  async drill(name: Parameters<OverviewPage["kpi"]>[0]) {
    await this.kpi(name).getByRole("link").click();
    await this.page.waitForURL(/\/dashboard\/conversations\?/);
  }

  /** The drill-down's rows (the table at desktop width). */
  drillRows(): Locator {
    return this.page.getByTestId("drill-rows").locator("tbody tr");
  }

  chart(name: "value" | "outcomes" | "after-hours"): Locator {
    return this.page.getByTestId(`chart-${name}`);
  }

  async choosePeriod(label: "Last 7 days" | "Last 30 days" | "Last 90 days" | "This month") {
    await this.page
      .getByRole("navigation", { name: "Period" })
      .getByRole("link", { name: label })
      .click();
    await expect(
      this.page.getByRole("navigation", { name: "Period" }).getByRole("link", { name: label }),
    ).toHaveAttribute("aria-current", "page");
  }

  /** Opens "How is this computed?" and returns its panel. */
  async openTrace(): Promise<Locator> {
    const trace = this.page.getByTestId("roi-trace");
    await trace.getByText("How is this computed?").click();
    return trace;
  }

  formulaOffer(): Locator {
    return this.page.getByTestId("formula-offer");
  }

  empty(): Locator {
    return this.page.getByTestId("roi-empty");
  }
}
