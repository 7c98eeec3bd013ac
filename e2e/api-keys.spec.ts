import { readFileSync } from "node:fs";
import { expect, OWNER_FILE, OWNER_STATE, test, type Account } from "./fixtures";
import { ApiKeysPage } from "./pages/settings-pages";

test.use({ storageState: OWNER_STATE });

test("an owner creates a scoped API key, uses it on /api/v1, then revokes it", async ({
  page,
  request,
}) => {
  const owner: Account = JSON.parse(readFileSync(OWNER_FILE, "utf8"));
  const keys = new ApiKeysPage(page);
  await keys.goto();
  const token = await keys.create("CRM sync", ["org:read"]);
  expect(token).toMatch(/^luneo_/);

  const ok = await request.get("/api/v1/org", { headers: { authorization: `Bearer ${token}` } });
  expect(ok.status()).toBe(200);
  expect((await ok.json()).data.name).toBe(owner.orgName);

  // The key is never shown again: the list only has its last four characters.
  await page.reload();
  await expect(page.getByTestId("api-key-token")).toHaveCount(0);
  await expect(page.getByTestId("api-key-row").filter({ hasText: "CRM sync" })).toContainText(
    token.slice(-4),
  );

  await keys.revoke("CRM sync");
  const revoked = await request.get("/api/v1/org", {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(revoked.status()).toBe(401);
  expect((await revoked.json()).error.code).toBe("UNAUTHORIZED");
});
