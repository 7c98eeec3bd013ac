import { mkdirSync, writeFileSync } from "node:fs";
import { test as setup } from "@playwright/test";
import { newAccount, OWNER_FILE, OWNER_STATE } from "./fixtures";
import { DashboardShell } from "./pages/dashboard-shell";
import { confirmEmail, SignUpPage } from "./pages/auth-pages";

// Signs one owner up once; specs that only need "a signed-in owner" reuse the session.
setup("sign up the shared owner", async ({ page }) => {
  const owner = newAccount("owner");
  await new SignUpPage(page).signUpAndFinishSetupLater(owner);
  await new DashboardShell(page).expectOrg(owner.orgName, "owner");
  // Confirmed, so the specs can invite teammates and create API keys (ADR 0010).
  await confirmEmail(page, owner.email);
  mkdirSync("e2e/.auth", { recursive: true });
  writeFileSync(OWNER_FILE, JSON.stringify(owner));
  await page.context().storageState({ path: OWNER_STATE });
});
