import { readFileSync } from "node:fs";
import { expect, newAccount, OWNER_FILE, OWNER_STATE, test, type Account } from "./fixtures";
import { accountMail, accountMailCount, endGracePeriod, linkPath } from "./mailbox";
import { confirmEmail, SignInPage, SignUpPage } from "./pages/auth-pages";
import { DashboardShell } from "./pages/dashboard-shell";
import { TeamPage } from "./pages/settings-pages";

const SHOTS = process.env.E2E_SHOTS_DIR;

test("forgot password: a link by email, a new password, the old one refused", async ({ page }) => {
  const owner = newAccount("forgetful");
  await new SignUpPage(page).signUpAndFinishSetupLater(owner);
  await new DashboardShell(page).signOut();

  await page.getByRole("link", { name: "Forgot your password?" }).click();
  // The sign-in page has an Email field too: wait for the new page before typing.
  await expect(page.getByRole("heading", { name: "Forgot your password?" })).toBeVisible();
  await page.getByLabel("Email").fill(owner.email);
  await page.getByRole("button", { name: "Email me a reset link" }).click();
  await expect(page.getByTestId("reset-sent")).toBeVisible();
  const answerForAccount = await page.getByTestId("reset-sent").textContent();

  // An address without an account gets the very same page.
  await page.goto("/forgot-password");
  await page.getByLabel("Email").fill(`nobody-${Date.now()}@e2e.luneo.dev`);
  await page.getByRole("button", { name: "Email me a reset link" }).click();
  await expect(page.getByTestId("reset-sent")).toHaveText(answerForAccount ?? "");

  // The mail job marks it "not sent: no SMTP" once it has run (a moment after the page answered).
  await expect
    .poll(async () => (await accountMail(owner.email, "password_reset")).status)
    .toBe("no_smtp");
  const mail = await accountMail(owner.email, "password_reset");
  await page.goto(linkPath(mail.body, "/reset-password"));
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/reset-password.png` });
  await page.getByLabel("New password").fill("short");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByText("Use at least 10 characters.")).toBeVisible();
  await page.getByLabel("New password").fill("a fresh new password 7");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByTestId("sign-in-notice")).toContainText("Your password has been changed");

  const signIn = new SignInPage(page);
  await signIn.signIn(owner.email, owner.password);
  await signIn.expectError("Wrong email or password.");
  await signIn.signIn(owner.email, "a fresh new password 7");
  await expect(page).toHaveURL(/\/dashboard$/);

  // The link was used up.
  await page.goto(linkPath(mail.body, "/reset-password"));
  await expect(page.getByRole("heading", { name: "This link cannot be used" })).toBeVisible();
});

test("sign-up on an address that has an account: nothing created, no session, its owner emailed", async ({
  page,
}) => {
  const existing: Account = JSON.parse(readFileSync(OWNER_FILE, "utf8"));
  const before = await accountMailCount(existing.email);
  await new SignUpPage(page).signUp({ ...newAccount("impostor"), email: existing.email });
  await expect(page).toHaveURL(/\/sign-up\/check-email$/);
  await expect(page.getByTestId("sign-up-check-email")).toBeVisible();
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/sign-up-check-email.png` });
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/sign-in/);
  const notice = await accountMail(existing.email, "sign_up_attempt");
  expect(notice.body).toContain("/forgot-password");
  expect(await accountMailCount(existing.email)).toBe(before + 1);
});

test("forms keep what was typed, never the password", async ({ page }) => {
  const owner = newAccount("typist");
  await new SignUpPage(page).signUp({ ...owner, password: "short" });
  await expect(page.getByText("Use at least 10 characters.")).toBeVisible();
  await expect(page.getByLabel("Your name")).toHaveValue(owner.name);
  await expect(page.getByLabel("Business name")).toHaveValue(owner.orgName);
  await expect(page.getByLabel("Work email")).toHaveValue(owner.email);
  await expect(page.getByLabel("Password")).toHaveValue("");
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/sign-up-kept.png` });

  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn("kept@e2e.luneo.dev", "not the password");
  await signIn.expectError("Wrong email or password.");
  await expect(page.getByLabel("Email")).toHaveValue("kept@e2e.luneo.dev");
  await expect(page.getByLabel("Password")).toHaveValue("");
});

test("a new owner works at once, is reminded to confirm, and cannot invite until they do", async ({
  page,
}) => {
  const owner = newAccount("fresh");
  await new SignUpPage(page).signUpAndFinishSetupLater(owner);
  const banner = page.getByTestId("verify-email-banner");
  await expect(banner).toContainText(owner.email);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/verify-banner.png` });
  await banner.getByRole("button", { name: "Resend the link" }).click();
  await expect(page.getByTestId("resend-result")).toHaveText("Sent. Check your inbox.");

  const team = new TeamPage(page);
  await team.goto();
  await page.getByLabel("Email").fill(`mate-${Date.now()}@e2e.luneo.dev`);
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByTestId("form-message")).toContainText(
    "Confirm your email address before inviting teammates",
  );

  // Seven days later, still unconfirmed: asked to confirm before going on.
  await endGracePeriod(owner.email);
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/verify-email$/);
  await expect(page.getByRole("heading", { name: "Confirm your email to continue" })).toBeVisible();
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/verify-overdue.png` });

  await confirmEmail(page, owner.email);
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByTestId("verify-email-banner")).toHaveCount(0);
  await team.goto();
  await team.invite(`mate-${Date.now()}@e2e.luneo.dev`, "member");
});

test.describe("the outbox", () => {
  test.use({ storageState: OWNER_STATE });

  test("lists the invitation email as not sent without SMTP, and shows it with the link hidden", async ({
    page,
  }) => {
    const email = `outboxed-${Date.now()}@e2e.luneo.dev`;
    const team = new TeamPage(page);
    await team.goto();
    const link = await team.invite(email, "member");
    await page.goto("/settings/outbox");
    await expect(page.getByTestId("no-smtp-notice")).toBeVisible();
    const row = page.getByTestId("outbox-row").filter({ hasText: email });
    // The mail.send job marks it within a second or two; the page shows what it read.
    await expect(async () => {
      await page.reload();
      await expect(row.getByTestId("mail-status")).toHaveText("Not sent: no SMTP configured", {
        timeout: 1000,
      });
    }).toPass({ timeout: 20_000 });
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/outbox.png`, fullPage: true });
    await row.getByRole("link").click();
    await expect(page.getByTestId("outbox-body")).toContainText("one-time link hidden");
    await expect(page.getByTestId("outbox-body")).not.toContainText(link.split("/").at(-1)!);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/outbox-message.png`, fullPage: true });
    await expect(page.getByRole("button", { name: "Send again" })).toBeVisible();
  });
});
