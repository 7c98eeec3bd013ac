import { randomUUID } from "node:crypto";
import { eq, like, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rateLimits } from "@/db/schema";
import { withSystem } from "@/lib/db/scopes";
import { setupFreshDatabase } from "@/test/db";
import { createOwner, TEST_PASSWORD, type TestOwner } from "@/test/factories";
import { verifyCredentials } from "./credentials";
import { consumePoint, keyDigest, postgresLimiter } from "./rate-limit";
import { SIGN_IN_LIMITS, signInKeys } from "./sign-in-limits";

await setupFreshDatabase();

function uniqueIp() {
  const n = () => Math.floor(Math.random() * 254) + 1;
  return `10.${n()}.${n()}.${n()}`;
}

function testLimiter(points: number, duration = 60) {
  return postgresLimiter({ keyPrefix: `test-${randomUUID()}`, points, duration });
}

async function storedRow(key: string) {
  const [row] = await withSystem("test", (tx) =>
    tx.select().from(rateLimits).where(eq(rateLimits.key, key)),
  );
  return row;
}

/** Sets a limiter key's stored points, as if that many failures had already been counted. */
async function storePoints(key: string, points: number, secondsLeft = 3600) {
  const expire = Date.now() + secondsLeft * 1000;
  await withSystem("test: fill a rate-limit key", (tx) =>
    tx
      .insert(rateLimits)
      .values({ key, points, expire })
      .onConflictDoUpdate({ target: rateLimits.key, set: { points, expire } }),
  );
}

describe("postgresLimiter (rate-limiter-flexible on postgres.js)", () => {
  it("allows `points` consumes in a window, then refuses with the time left in it", async () => {
    const limiter = testLimiter(3);
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await consumePoint(limiter, "k"));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false, false]);
    expect(results.map((r) => r.remaining)).toEqual([2, 1, 0, 0, 0]);
    for (const r of results) {
      expect(r.limit).toBe(3);
      expect(r.resetSeconds).toBeGreaterThan(0);
      expect(r.resetSeconds).toBeLessThanOrEqual(60);
    }
    expect((await storedRow(`${limiter.keyPrefix}:k`))?.points).toBe(5);
  });

  it("counts keys separately", async () => {
    const limiter = testLimiter(1);
    await consumePoint(limiter, "first");
    expect((await consumePoint(limiter, "first")).allowed).toBe(false);
    expect((await consumePoint(limiter, "second")).allowed).toBe(true);
  });

  it.each([1, 7, 13, 20])("gives exactly %i of 20 parallel consumes a point", async (points) => {
    const limiter = testLimiter(points);
    const results = await Promise.all(Array.from({ length: 20 }, () => consumePoint(limiter, "k")));
    expect(results.filter((r) => r.allowed)).toHaveLength(points);
    expect((await storedRow(`${limiter.keyPrefix}:k`))?.points).toBe(20);
  });

  it("starts a new window once the old one has expired", async () => {
    const limiter = testLimiter(2);
    await consumePoint(limiter, "k");
    await consumePoint(limiter, "k");
    expect((await consumePoint(limiter, "k")).allowed).toBe(false);
    await withSystem("test: expire a window", (tx) =>
      tx
        .update(rateLimits)
        .set({ expire: sql`${rateLimits.expire} - 61000` })
        .where(eq(rateLimits.key, `${limiter.keyPrefix}:k`)),
    );
    expect((await consumePoint(limiter, "k")).allowed).toBe(true);
    expect((await storedRow(`${limiter.keyPrefix}:k`))?.points).toBe(1);
  });
});

describe("verifyCredentials", () => {
  let owner: TestOwner;

  beforeAll(async () => {
    owner = await createOwner();
  });

  const fail = (email: string, ip: string) => verifyCredentials(email, "wrong password", ip);

  it("accepts the right password, whatever the email's case and surrounding spaces", async () => {
    const outcome = await verifyCredentials(
      `  ${owner.email.toUpperCase()} `,
      TEST_PASSWORD,
      uniqueIp(),
    );
    expect(outcome).toEqual({
      ok: true,
      user: { id: owner.userId, email: owner.email, name: expect.stringMatching(/^Owner /) },
    });
  });

  it("rejects a wrong password and an unknown email alike", async () => {
    expect(await fail(owner.email, uniqueIp())).toEqual({ ok: false, reason: "invalid" });
    expect(await verifyCredentials("nobody@example.com", TEST_PASSWORD, uniqueIp())).toEqual({
      ok: false,
      reason: "invalid",
    });
  });

  it("lets the owner in from another address after an attacker's failures block the attacker", async () => {
    const target = await createOwner();
    const attacker = uniqueIp();
    const { failures } = SIGN_IN_LIMITS.perAccountAndIp;
    for (let i = 0; i < failures; i++) {
      expect(await fail(target.email, attacker)).toEqual({ ok: false, reason: "invalid" });
    }
    // The attacker's address is blocked for this account, even with the right password…
    const limited = await verifyCredentials(target.email, TEST_PASSWORD, attacker);
    expect(limited).toMatchObject({ ok: false, reason: "rate_limited" });
    expect(
      limited.ok === false && limited.reason === "rate_limited" && limited.retryAfterSeconds,
    ).toBeGreaterThan(SIGN_IN_LIMITS.perAccountAndIp.blockSeconds - 60);
    // …but the owner, from their own address, is not.
    expect((await verifyCredentials(target.email, TEST_PASSWORD, uniqueIp())).ok).toBe(true);
    // Nor is another account from the attacker's address.
    expect((await verifyCredentials(owner.email, TEST_PASSWORD, attacker)).ok).toBe(true);
  });

  it("does not count successful sign-ins", async () => {
    const ip = uniqueIp();
    for (let i = 0; i < SIGN_IN_LIMITS.perAccountAndIp.failures + 2; i++) {
      expect((await verifyCredentials(owner.email, TEST_PASSWORD, ip)).ok).toBe(true);
    }
    const keys = signInKeys(owner.email, ip);
    expect(await storedRow(`sign-in:account-ip:${keys.accountAndIp}`)).toBeUndefined();
    expect(await storedRow(`sign-in:ip:${ip}`)).toBeUndefined();
  });

  it("resets the account+address count on success", async () => {
    const target = await createOwner();
    const ip = uniqueIp();
    const almost = SIGN_IN_LIMITS.perAccountAndIp.failures - 1;
    for (let i = 0; i < almost; i++) await fail(target.email, ip);
    expect((await verifyCredentials(target.email, TEST_PASSWORD, ip)).ok).toBe(true);
    // Without the reset these would reach the limit and the last sign-in would be refused.
    for (let i = 0; i < almost; i++) await fail(target.email, ip);
    expect((await verifyCredentials(target.email, TEST_PASSWORD, ip)).ok).toBe(true);
  });

  it("limits the failures of one address across accounts, and only that address", async () => {
    const ip = uniqueIp();
    const { failures } = SIGN_IN_LIMITS.perIpPerDay;
    // The first failures counted directly: that many argon2 checks would only slow the suite.
    await storePoints(`sign-in:ip:${ip}`, failures - 1, 86_400);
    expect(await fail(`sprayed-${randomUUID()}@example.com`, ip)).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await verifyCredentials(owner.email, TEST_PASSWORD, ip)).toMatchObject({
      ok: false,
      reason: "rate_limited",
    });
    expect((await verifyCredentials(owner.email, TEST_PASSWORD, uniqueIp())).ok).toBe(true);
  });

  it("caps an account's failures from all addresses, except for an address it signed in from", async () => {
    const target = await createOwner();
    const usual = uniqueIp();
    expect((await verifyCredentials(target.email, TEST_PASSWORD, usual)).ok).toBe(true);
    const { failures } = SIGN_IN_LIMITS.perAccountPerHour;
    await storePoints(`sign-in:account:${keyDigest(target.email)}`, failures - 1);
    await fail(target.email, uniqueIp());
    expect(await verifyCredentials(target.email, TEST_PASSWORD, uniqueIp())).toMatchObject({
      ok: false,
      reason: "rate_limited",
    });
    expect((await verifyCredentials(target.email, TEST_PASSWORD, usual)).ok).toBe(true);
  });

  it("stores no email or other client-chosen string in its keys", async () => {
    const email = `secret-${randomUUID()}@example.com`;
    await fail(email, "192.0.2.44");
    const rows = await withSystem("test", (tx) =>
      tx.select({ key: rateLimits.key }).from(rateLimits).where(like(rateLimits.key, "sign-in:%")),
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const { key } of rows) {
      expect(key).not.toContain("@");
      expect(key).toMatch(/^sign-in:[a-z-]+:([A-Za-z0-9_-]{32}|[0-9a-f.:]+|unknown)$/);
    }
  });
});
