import { expect, type Page } from "@playwright/test";
import type { Account } from "../fixtures";
import { accountMail, forgetSignUpCount, linkPath } from "../mailbox";

export class SignUpPage {
  constructor(private readonly page: Page) {}

  async signUp(account: Account) {
    await forgetSignUpCount();
    await this.page.goto("/sign-up");
    await this.page.getByLabel("Your name").fill(account.name);
    await this.page.getByLabel("Business name").fill(account.orgName);
    await this.page.getByLabel("Work email").fill(account.email);
    await this.page.getByLabel("Password").fill(account.password);
    await this.page.getByRole("button", { name: "Create account" }).click();
  }

  /** A new owner lands in the setup wizard; this one leaves it for later, to the dashboard. */
  async signUpAndFinishSetupLater(account: Account) {
    await this.signUp(account);
    await expect(this.page).toHaveURL(/\/onboarding\/profile$/, { timeout: 15_000 });
    await this.page.getByRole("link", { name: "Save and finish later" }).click();
    await expect(this.page).toHaveURL(/\/dashboard$/);
  }
}

/** Opens the verification link emailed to `email` and confirms it. */
export async function confirmEmail(page: Page, email: string) {
  const mail = await accountMail(email, "email_verification");
  await page.goto(linkPath(mail.body, "/verify-email"));
  await page.getByRole("button", { name: "Confirm my email address" }).click();
  await expect(page).toHaveURL(/\/dashboard\?verified=1$|\/sign-in\?verified=1$/);
}

export class SignInPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/sign-in");
  }

  async signIn(email: string, password: string) {
    await this.page.getByLabel("Email").fill(email);
    await this.page.getByLabel("Password").fill(password);
    await this.page.getByRole("button", { name: "Sign in" }).click();
  }

  async expectError(text: string | RegExp) {
    await expect(this.page.getByTestId("form-message")).toContainText(text);
  }
}
