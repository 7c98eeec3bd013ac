import { randomBytes } from "node:crypto";
import { expect, OWNER_STATE, test } from "./fixtures";
import { ChannelsPage } from "./pages/channels-page";

test.use({ storageState: OWNER_STATE });

// A refused save says which field is wrong and keeps what was typed, except the Auth Token (a
// secret is typed again, never kept in the page).
test("the Twilio form shows a bad number's error and keeps the values typed", async ({ page }) => {
  const channels = new ChannelsPage(page);
  await channels.goto();
  const card = channels.card("Twilio");
  const sid = `AC${randomBytes(16).toString("hex")}`;
  await card.getByLabel("Account SID").fill(sid);
  await card.getByLabel("Auth Token").fill(randomBytes(16).toString("hex"));
  await card.getByLabel("Phone numbers").fill("+14153902718, 555-2671");
  await card.getByLabel("Fallback number (optional)").fill("+14155550199");
  await card.getByRole("button", { name: /Connect Twilio|Save Twilio settings/ }).click();

  await expect(
    card.getByText("“555-2671” is not in international format.", { exact: false }),
  ).toBeVisible();
  await expect(card.getByLabel("Phone numbers")).toHaveAttribute("aria-invalid", "true");
  await expect(card.getByLabel("Account SID")).toHaveValue(sid);
  await expect(card.getByLabel("Phone numbers")).toHaveValue("+14153902718, 555-2671");
  await expect(card.getByLabel("Fallback number (optional)")).toHaveValue("+14155550199");
  await expect(card.getByLabel("Auth Token")).toHaveValue("");
});
