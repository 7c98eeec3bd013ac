import { expect, newAccount, test } from "./fixtures";
import { SignUpPage } from "./pages/auth-pages";

// Every contacts page works on a phone (390 px wide): nothing in the page scrolls sideways, the
// list shows one card per contact. Long values are the usual culprits: an address, several tags.

const CSV = [
  "Full name,Mobile,E-mail,Tags",
  "Maximilienne Delacroix-Montmorency,+33 6 12 34 56 70,maximilienne.delacroix-montmorency@cabinet-exemple.fr,vip;buyer;first-time;relocating",
  "Léa Martin,+33 6 12 34 56 71,lea@example.fr,seller",
].join("\n");

/** Elements of the page's main area that scroll sideways (their content is wider than them). */
const sidewaysScrollers = (page: import("@playwright/test").Page) =>
  page.evaluate(() => {
    const main = document.querySelector("main");
    const boxes = [...(main?.querySelectorAll("*") ?? [])].filter(
      (el) => el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== "visible",
    );
    return {
      page: document.documentElement.scrollWidth - window.innerWidth,
      boxes: boxes.map(
        (el) => `${el.tagName.toLowerCase()} ${el.getAttribute("aria-label") ?? ""}`,
      ),
    };
  });

test("the contacts list and a contact's page do not scroll sideways at 390 px", async ({
  page,
}) => {
  test.setTimeout(90_000);
  await new SignUpPage(page).signUpAndFinishSetupLater(newAccount("narrow"));
  await page.goto("/contacts/import");
  await page.getByLabel("CSV file").setInputFiles({
    name: "narrow.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(CSV),
  });
  await page.getByTestId("start-import").click();
  await expect(page.getByTestId("import-counts")).toBeVisible({ timeout: 30_000 });

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/contacts");
  await expect(page.getByTestId("contacts-count")).toHaveText("2 contacts");
  await expect(page.getByTestId("contact-card")).toHaveCount(2);
  await expect(page.getByTestId("contact-card").first()).toBeVisible();
  expect(await sidewaysScrollers(page)).toEqual({ page: 0, boxes: [] });

  await page.getByRole("link", { name: "Maximilienne Delacroix-Montmorency" }).click();
  await expect(
    page.getByRole("heading", { name: "Maximilienne Delacroix-Montmorency" }),
  ).toBeVisible();
  expect(await sidewaysScrollers(page)).toEqual({ page: 0, boxes: [] });
  await page.screenshot({ path: ".ci/out/screenshots/contact-390.png", fullPage: true });
});
