import { expect, newAccount, test } from "./fixtures";
import { SignInPage, SignUpPage } from "./pages/auth-pages";
import { DashboardShell } from "./pages/dashboard-shell";

test("a business owner signs up, leaves the setup for later, signs out and back in", async ({
  page,
}) => {
  const owner = newAccount("founder");
  await new SignUpPage(page).signUpAndFinishSetupLater(owner);
  const shell = new DashboardShell(page);
  await shell.expectOrg(owner.orgName, "owner");
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await expect(page.getByTestId("setup-checklist")).toBeVisible();
  await expect(shell.nav().getByRole("link", { name: "Team" })).toBeVisible();

  await shell.signOut();
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fdashboard/);

  await new SignInPage(page).signIn(owner.email, owner.password);
  await shell.expectOrg(owner.orgName, "owner");
});

test("a wrong password shows a clear error and no session", async ({ page }) => {
  const owner = newAccount("typo");
  await new SignUpPage(page).signUpAndFinishSetupLater(owner);
  await new DashboardShell(page).signOut();

  const signIn = new SignInPage(page);
  await signIn.signIn(owner.email, "not the password");
  await signIn.expectError("Wrong email or password.");
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("sign-up refuses bad input with field errors", async ({ page }) => {
  const owner = newAccount("short");
  await new SignUpPage(page).signUp({ ...owner, email: "not-an-email", password: "short" });
  await expect(page.getByText("Enter a valid email address")).toBeVisible();
  await expect(page.getByText("Use at least 10 characters.")).toBeVisible();
  await expect(page).toHaveURL(/\/sign-up/);
});

test("pages carry the security headers and a nonce-based CSP", async ({ page }) => {
  const response = await page.goto("/sign-in");
  const headers = response?.headers() ?? {};
  expect(headers["content-security-policy"]).toMatch(
    /script-src 'self' 'nonce-[^']+' 'strict-dynamic'/,
  );
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["content-security-policy"]).not.toContain("unsafe-eval");
  expect(headers["strict-transport-security"]).toContain("max-age=");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  // The page hydrated under that CSP: the form works client-side (pending state after submit).
  await page.getByLabel("Email").fill("nobody@e2e.luneo.dev");
  await page.getByLabel("Password").fill("whatever-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("form-message")).toContainText("Wrong email or password.");
});
