import { expect, newAccount, test } from "./fixtures";
import { SignUpPage } from "./pages/auth-pages";
import { ContactsListPage } from "./pages/contacts-pages";

// An owner imports a spreadsheet (with a duplicate and a bad row) through the background job, then
// merges two contacts of the same person and undoes it.

const CSV = [
  "Full name,Mobile,E-mail,Tags",
  "Ada Lovelace,+44 20 7946 0018,ada@example.org,vip;buyer",
  "Ada L.,,ada@example.org,investor",
  "Charles Babbage,+44 20 7946 0019,charles@example.org,seller",
  "Charles B (work),+44 20 7946 0020,cb@work.example,",
  "Broken Row,not a phone,,",
].join("\n");

test("an owner imports contacts from CSV with progress and a report, then merges two and undoes it", async ({
  page,
}) => {
  test.setTimeout(90_000);
  await new SignUpPage(page).signUpAndFinishSetupLater(newAccount("importer"));

  await page.goto("/contacts/import");
  await page.getByLabel("CSV file").setInputFiles({
    name: "customers.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(CSV),
  });
  await expect(page.getByTestId("file-summary")).toContainText("5");
  await page.screenshot({
    path: ".ci/out/screenshots/contacts-import-mapping.png",
    fullPage: true,
  });
  await page.getByTestId("start-import").click();

  await expect(page).toHaveURL(/\/contacts\/imports\//, { timeout: 15_000 });
  // The progress bar counts the file's five rows and fills as the job runs.
  const progress = page.getByTestId("import-progress");
  await expect(progress).toBeVisible();
  await expect(progress).toHaveAttribute("aria-valuemax", "5");
  await expect(progress).toHaveAttribute("aria-valuenow", "5", { timeout: 30_000 });
  await expect(progress).toHaveAttribute("aria-valuetext", "5 of 5 rows");
  const counts = page.getByTestId("import-counts");
  await expect(counts).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("import-report")).toContainText("not a phone");
  await page.screenshot({ path: ".ci/out/screenshots/contacts-import-report.png", fullPage: true });

  const list = new ContactsListPage(page);
  await list.goto();
  // Ada's two rows share an email: one contact. Charles's two rows have nothing in common: two.
  await expect(list.rows()).toHaveCount(3);
  await list.search("Charles");
  await expect(list.rows()).toHaveCount(2);
  await list.rows().filter({ hasText: "Charles Babbage" }).getByRole("link").first().click();

  await page.getByRole("link", { name: "Merge with another contact" }).click();
  await page.getByLabel("Search contacts").fill("work");
  await page.getByRole("button", { name: "Search" }).click();
  await page.getByTestId("merge-candidates").getByRole("link").first().click();
  await expect(page.getByTestId("merge-preview")).toBeVisible();
  await page.screenshot({ path: ".ci/out/screenshots/contacts-merge-preview.png", fullPage: true });
  await page.getByTestId("merge-form").getByRole("button", { name: "Merge", exact: true }).click();
  await page.getByTestId("confirm-merge").click();

  await expect(page.getByTestId("merge-undo-banner")).toBeVisible({ timeout: 15_000 });
  await list.goto();
  await list.search("Charles");
  await expect(list.rows()).toHaveCount(1);
  // The merged contact's number now reaches the survivor.
  await list.search("+44 20 7946 0020");
  await expect(list.rows()).toContainText("Charles Babbage");

  await list.rows().getByRole("link").first().click();
  await page.getByTestId("undo-merge").click();
  await expect(page.getByTestId("merge-undone")).toBeVisible();
  await list.goto();
  await list.search("Charles");
  await expect(list.rows()).toHaveCount(2);
});
