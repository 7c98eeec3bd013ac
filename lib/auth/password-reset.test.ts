import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { passwordResets, users } from "@/db/schema";
import { withSystem } from "@/lib/db/scopes";
import { setupFreshDatabase } from "@/test/db";
import { createOwner, TEST_PASSWORD, uniqueEmail } from "@/test/factories";
import { accountMailTo, tokenIn } from "@/test/mail";
import { verifyCredentials } from "./credentials";
import {
  InvalidResetLinkError,
  isResetLinkUsable,
  requestPasswordReset,
  resetPassword,
} from "./password-reset";

await setupFreshDatabase();

const NEW_PASSWORD = "a brand new password 42";

async function userRow(id: string) {
  const [row] = await withSystem("test", (tx) => tx.select().from(users).where(eq(users.id, id)));
  return row!;
}

describe("forgot password", () => {
  it("emails a one-time link to an existing account, storing only the secret's hash", async () => {
    const owner = await createOwner();
    await requestPasswordReset(` ${owner.email.toUpperCase()} `);
    const [mail] = await accountMailTo(owner.email);
    expect(mail).toMatchObject({ kind: "password_reset", status: "queued", userId: owner.userId });
    const token = tokenIn(mail!.body, "/reset-password");
    const [reset] = await withSystem("test", (tx) =>
      tx.select().from(passwordResets).where(eq(passwordResets.userId, owner.userId)),
    );
    expect(reset!.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(mail!.body).not.toContain(reset!.secretHash);
    expect(token).not.toContain(reset!.secretHash);
    expect(await isResetLinkUsable(token)).toBe(true);
  });

  it("an unknown address gets no email and the caller no difference (nothing thrown, nothing written)", async () => {
    const email = uniqueEmail("nobody");
    await expect(requestPasswordReset(email)).resolves.toBeUndefined();
    expect(await accountMailTo(email)).toEqual([]);
  });

  it("stops emailing one address after three requests an hour, still answering the same", async () => {
    const owner = await createOwner();
    for (let i = 0; i < 5; i++)
      await expect(requestPasswordReset(owner.email)).resolves.toBeUndefined();
    expect(await accountMailTo(owner.email)).toHaveLength(3);
  });

  it("sets the new password once: the old one stops working, the link is used up, others too", async () => {
    const owner = await createOwner();
    await requestPasswordReset(owner.email);
    await requestPasswordReset(owner.email);
    const [newer, older] = await accountMailTo(owner.email);
    const token = tokenIn(newer!.body, "/reset-password");
    const olderToken = tokenIn(older!.body, "/reset-password");

    await resetPassword(token, NEW_PASSWORD);
    expect(await verifyCredentials(owner.email, NEW_PASSWORD, "203.0.113.9")).toMatchObject({
      ok: true,
    });
    expect(await verifyCredentials(owner.email, TEST_PASSWORD, "203.0.113.9")).toMatchObject({
      ok: false,
    });
    await expect(resetPassword(token, "yet another password 1")).rejects.toBeInstanceOf(
      InvalidResetLinkError,
    );
    await expect(resetPassword(olderToken, "yet another password 1")).rejects.toBeInstanceOf(
      InvalidResetLinkError,
    );
    expect(await isResetLinkUsable(token)).toBe(false);
  });

  it("refuses an expired link and a tampered one, changing nothing", async () => {
    const owner = await createOwner();
    await requestPasswordReset(owner.email);
    const [mail] = await accountMailTo(owner.email);
    const token = tokenIn(mail!.body, "/reset-password");
    const before = (await userRow(owner.userId)).passwordHash;

    const tampered = token.slice(0, -2) + (token.endsWith("AA") ? "AB" : "AA");
    await expect(resetPassword(tampered, NEW_PASSWORD)).rejects.toBeInstanceOf(
      InvalidResetLinkError,
    );
    await expect(resetPassword("pwr_nonsense", NEW_PASSWORD)).rejects.toBeInstanceOf(
      InvalidResetLinkError,
    );
    await withSystem("test: expire the link", (tx) =>
      tx
        .update(passwordResets)
        .set({ expiresAt: new Date(Date.now() - 1000) })
        .where(eq(passwordResets.userId, owner.userId)),
    );
    await expect(resetPassword(token, NEW_PASSWORD)).rejects.toBeInstanceOf(InvalidResetLinkError);
    expect((await userRow(owner.userId)).passwordHash).toBe(before);
  });

  it("verifies the address of an unverified account (the link proved the mailbox)", async () => {
    const owner = await createOwner();
    await withSystem("test: unverify", (tx) =>
      tx.update(users).set({ emailVerifiedAt: null }).where(eq(users.id, owner.userId)),
    );
    await requestPasswordReset(owner.email);
    const [mail] = await accountMailTo(owner.email);
    await resetPassword(tokenIn(mail!.body, "/reset-password"), NEW_PASSWORD);
    expect((await userRow(owner.userId)).emailVerifiedAt).toBeInstanceOf(Date);
  });
});
