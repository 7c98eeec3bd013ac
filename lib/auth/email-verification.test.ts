import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { emailVerifications, users } from "@/db/schema";
import { createApiKey } from "@/lib/api-keys/service";
import { withSystem } from "@/lib/db/scopes";
import { createInvitation, signUpWithInvitation } from "@/lib/tenancy/invitations";
import { inviteSchema, signUpSchema } from "@/lib/tenancy/schemas";
import { signUp } from "@/lib/tenancy/sign-up";
import { countRows, setupFreshDatabase } from "@/test/db";
import { expectAppError } from "@/test/errors";
import { contextOf, createOwner, TEST_PASSWORD, uniqueEmail, uniqueSuffix } from "@/test/factories";
import { accountMailTo, tokenIn } from "@/test/mail";
import { getVerificationState, resendVerificationEmail, verifyEmail } from "./email-verification";

await setupFreshDatabase();

/** An owner who signed up through the form's service: unverified, with a verification email. */
async function unverifiedOwner() {
  const input = signUpSchema.parse({
    name: "Una Verified",
    email: uniqueEmail("unverified"),
    password: TEST_PASSWORD,
    orgName: `Org ${uniqueSuffix()}`,
  });
  const { userId, orgId } = await signUp(input);
  return { userId, orgId, email: input.email, ctx: await contextOf(userId, orgId) };
}

async function verificationToken(email: string) {
  const [mail] = await accountMailTo(email);
  expect(mail).toMatchObject({ kind: "email_verification" });
  return tokenIn(mail!.body, "/verify-email");
}

describe("email verification", () => {
  it("a new owner is unverified, within a 7-day grace period, and has a verification email", async () => {
    const owner = await unverifiedOwner();
    const state = await getVerificationState(owner.userId);
    expect(state).toMatchObject({ verified: false, overdue: false });
    const days = (state!.dueAt.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);
    await verificationToken(owner.email);
  });

  it("the link verifies the address once; opening it again still says verified", async () => {
    const owner = await unverifiedOwner();
    const token = await verificationToken(owner.email);
    expect(await verifyEmail(token)).toBe("verified");
    expect(await getVerificationState(owner.userId)).toMatchObject({
      verified: true,
      overdue: false,
    });
    expect(await verifyEmail(token)).toBe("verified");
  });

  it("refuses a tampered, unknown or expired link, verifying nothing", async () => {
    const owner = await unverifiedOwner();
    const token = await verificationToken(owner.email);
    expect(await verifyEmail("evf_x")).toBe("invalid");
    expect(await verifyEmail(token.replace(/^evf_/, "pwr_"))).toBe("invalid");
    const bytes = Buffer.from(token.slice(4), "base64url");
    bytes[30] = bytes[30]! ^ 1; // one bit of the secret
    const tampered = `evf_${bytes.toString("base64url")}`;
    expect(await verifyEmail(tampered)).toBe("invalid");
    await withSystem("test: expire", (tx) =>
      tx
        .update(emailVerifications)
        .set({ expiresAt: new Date(Date.now() - 1000) })
        .where(eq(emailVerifications.userId, owner.userId)),
    );
    expect(await verifyEmail(token)).toBe("invalid");
    expect(await getVerificationState(owner.userId)).toMatchObject({ verified: false });
  });

  it("is overdue once the grace period has passed", async () => {
    const owner = await unverifiedOwner();
    await withSystem("test: end the grace period", (tx) =>
      tx
        .update(users)
        .set({ emailVerificationDueAt: new Date(Date.now() - 1000) })
        .where(eq(users.id, owner.userId)),
    );
    expect(await getVerificationState(owner.userId)).toMatchObject({
      verified: false,
      overdue: true,
    });
  });

  it("resends a fresh link, at most five an hour, and nothing once verified", async () => {
    const owner = await unverifiedOwner();
    expect(await resendVerificationEmail(owner.userId)).toBe("sent");
    expect(await accountMailTo(owner.email)).toHaveLength(2);
    for (let i = 0; i < 4; i++) await resendVerificationEmail(owner.userId);
    await expectAppError(resendVerificationEmail(owner.userId), "RATE_LIMITED");

    const other = await unverifiedOwner();
    expect(await verifyEmail(await verificationToken(other.email))).toBe("verified");
    expect(await resendVerificationEmail(other.userId)).toBe("already_verified");
    expect(await accountMailTo(other.email)).toHaveLength(1);
  });
});

describe("what waits for a verified address", () => {
  it("an unverified owner cannot invite or create an API key (FORBIDDEN, a sentence, nothing written); once verified they can", async () => {
    const owner = await unverifiedOwner();
    const before = await countRows();
    const invite = inviteSchema.parse({ email: uniqueEmail("teammate"), role: "member" });
    const refusal = await expectAppError(createInvitation(owner.ctx, invite), "FORBIDDEN");
    expect(refusal.message).toMatch(/^Confirm your email address before inviting teammates/);
    const keyRefusal = await expectAppError(
      createApiKey(owner.ctx, { name: "CI", scopes: ["org:read"] }),
      "FORBIDDEN",
    );
    expect(keyRefusal.message).toMatch(/^Confirm your email address before creating API keys/);
    expect(await countRows()).toEqual(before);

    await verifyEmail(await verificationToken(owner.email));
    await expect(createInvitation(owner.ctx, invite)).resolves.toMatchObject({
      link: expect.stringContaining("/invite/inv_"),
    });
  });

  it("someone who joins through an invitation gets their own verification email", async () => {
    const owner = await createOwner();
    const email = uniqueEmail("joiner");
    const { token } = await createInvitation(
      owner.ctx,
      inviteSchema.parse({ email, role: "admin" }),
    );
    const { user } = await signUpWithInvitation(token, { name: "Jo", password: TEST_PASSWORD });
    expect(await getVerificationState(user.id)).toMatchObject({ verified: false });
    expect(await verifyEmail(await verificationToken(email))).toBe("verified");
  });
});
