import { randomUUID } from "node:crypto";
import { postWholeBody } from "../test/whole-body-client";
import { expect, OWNER_STATE, test } from "./fixtures";

// What people and clients get when there is nothing to show or the request is refused: a 404 page
// answered 404, a sentence with 403/413, never a 500 or a reset connection.

const SHOTS = process.env.E2E_SHOTS_DIR ?? ".ci/out/screenshots";

test.describe("pages that do not exist", () => {
  test.use({ storageState: OWNER_STATE });

  test("answer 404 with a page that leads back", async ({ page }) => {
    const missing = await page.goto("/no-such-page");
    expect(missing?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: /We can.t find this page/ })).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/not-found.png`, fullPage: true });
    await page.getByRole("link", { name: "Go to the dashboard" }).click();
    await expect(page).toHaveURL(/\/dashboard/);

    for (const path of [
      `/contacts/${randomUUID()}`,
      `/contacts/not-an-id`,
      `/contacts/imports/${randomUUID()}`,
      `/settings/webhooks/${randomUUID()}`,
      `/onboarding/no-such-step`,
    ]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(404);
    }
    await page.goto(`/settings/webhooks/${randomUUID()}`);
    await expect(page.getByTestId("status-page")).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/not-found-dashboard.png`, fullPage: true });
  });
});

test.describe("refusals a client can read", () => {
  test("a server action from another site answers 403 with a sentence", async ({ request }) => {
    const response = await request.post("/sign-in", {
      headers: { "next-action": "0".repeat(42), origin: "https://evil.example" },
      data: "[]",
    });
    expect(response.status()).toBe(403);
    expect(await response.text()).toContain("came from another website");
  });

  test("a 6 MB server action answers 413, even to a client that writes before reading", async ({
    baseURL,
  }) => {
    const answer = await postWholeBody(
      baseURL!,
      "/sign-in",
      {
        "Next-Action": "0".repeat(42),
        "Content-Type": "text/plain;charset=UTF-8",
        Origin: baseURL!,
      },
      Buffer.alloc(6 * 1024 * 1024, "a"),
    );
    expect(answer).toMatchObject({ status: 413, error: null });
    expect(answer.body).toContain("more than 1 MB");
  });

  test("a 7 MB CSV import answers 413 with a sentence", async ({ baseURL }) => {
    const answer = await postWholeBody(
      baseURL!,
      "/api/contacts/import",
      { "Content-Type": "multipart/form-data; boundary=luneo", Origin: baseURL! },
      Buffer.alloc(7 * 1024 * 1024, "a"),
    );
    expect(answer).toMatchObject({ status: 413, error: null });
    expect(answer.body).toContain("larger than 5 MB");
  });

  test("the import upload refuses another site", async ({ request }) => {
    const response = await request.post("/api/contacts/import", {
      headers: { origin: "https://evil.example" },
      multipart: { fileName: "a.csv", csv: "phone\n+14155550100\n", mapping: '{"phone":"phone"}' },
    });
    expect(response.status()).toBe(403);
  });

  test("a 6 MB webhook answers 413 to a client that writes before reading", async ({ baseURL }) => {
    for (const [path, type] of [
      [`/api/webhooks/vapi/${"A".repeat(38)}`, "application/json"],
      [`/api/webhooks/twilio/${"A".repeat(38)}/sms`, "application/x-www-form-urlencoded"],
    ]) {
      const answer = await postWholeBody(
        baseURL!,
        path!,
        { "Content-Type": type! },
        Buffer.alloc(6 * 1024 * 1024, "x"),
      );
      expect(answer, path).toMatchObject({ status: 413, error: null });
    }
  });
});
