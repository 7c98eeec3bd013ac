import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rateLimits } from "@/db/schema";
import { withSystem } from "@/lib/db/scopes";
import { setupFreshDatabase } from "@/test/db";
import { createOwner, TEST_PASSWORD, type TestOwner } from "@/test/factories";
import { verifyCredentials } from "./credentials";
import { hitRateLimit, SIGN_IN_LIMITS } from "./rate-limit";

await setupFreshDatabase();

function uniqueKey(label: string) {
  return `test:${label}:${randomUUID()}`;
}

function uniqueIp() {
  const n = () => Math.floor(Math.random() * 254) + 1;
  return `10.${n()}.${n()}.${n()}`;
}

async function storedCount(key: string): Promise<number | undefined> {
  const [row] = await withSystem("test", (tx) =>
    tx.select().from(rateLimits).where(eq(rateLimits.key, key)),
  );
  return row?.count;
}

/** Moves the key's window into the past, as if `seconds` had gone by. */
async function age(key: string, seconds: number) {
  await withSystem("test: age a rate-limit window", (tx) =>
    tx
      .update(rateLimits)
      .set({
        windowStartedAt: sql`${rateLimits.windowStartedAt} - make_interval(secs => ${seconds})`,
      })
      .where(eq(rateLimits.key, key)),
  );
}

describe("hitRateLimit", () => {
  it("allows `limit` hits in a window, then denies with a retry time inside the window", async () => {
    const key = uniqueKey("basic");
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await hitRateLimit(key, 3, 60));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false, false]);
    for (const denied of results.slice(3)) {
      expect(denied.retryAfterSeconds).toBeGreaterThan(0);
      expect(denied.retryAfterSeconds).toBeLessThanOrEqual(60);
    }
    expect(await storedCount(key)).toBe(5);
  });

  it("counts keys separately", async () => {
    const first = uniqueKey("first");
    const second = uniqueKey("second");
    await hitRateLimit(first, 1, 60);
    expect((await hitRateLimit(first, 1, 60)).allowed).toBe(false);
    expect((await hitRateLimit(second, 1, 60)).allowed).toBe(true);
  });

  it("counts concurrent hits exactly", async () => {
    const key = uniqueKey("concurrent");
    const results = await Promise.all(Array.from({ length: 20 }, () => hitRateLimit(key, 10, 60)));
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
    expect(results.filter((r) => !r.allowed)).toHaveLength(10);
    expect(await storedCount(key)).toBe(20);
  });

  it.each([1, 7, 13, 20])(
    "hands out the counts 1..20 once each to 20 parallel hits (limit %i)",
    async (limit) => {
      // A hit is allowed when its count is at most `limit`: exactly `limit` allowed hits and a final
      // count of 20 means no two hits read the same count (no lost update, no double count).
      const key = uniqueKey(`counts-${limit}`);
      const results = await Promise.all(
        Array.from({ length: 20 }, () => hitRateLimit(key, limit, 60)),
      );
      expect(results.filter((r) => r.allowed)).toHaveLength(limit);
      expect(await storedCount(key)).toBe(20);
    },
  );

  it("starts a new window once the old one has passed", async () => {
    const key = uniqueKey("window");
    await hitRateLimit(key, 2, 60);
    await hitRateLimit(key, 2, 60);
    expect((await hitRateLimit(key, 2, 60)).allowed).toBe(false);
    await age(key, 61);
    expect((await hitRateLimit(key, 2, 60)).allowed).toBe(true);
    expect(await storedCount(key)).toBe(1);
  });

  it("reports the time left in the window", async () => {
    const key = uniqueKey("retry");
    await hitRateLimit(key, 1, 600);
    await age(key, 500);
    const denied = await hitRateLimit(key, 1, 600);
    expect(denied.allowed).toBe(false);
    expect(denied.retryAfterSeconds).toBeGreaterThanOrEqual(99);
    expect(denied.retryAfterSeconds).toBeLessThanOrEqual(100);
  });
});

describe("verifyCredentials", () => {
  let owner: TestOwner;

  beforeAll(async () => {
    owner = await createOwner();
  });

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
    expect(await verifyCredentials(owner.email, `${TEST_PASSWORD}!`, uniqueIp())).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await verifyCredentials("nobody@example.com", TEST_PASSWORD, uniqueIp())).toEqual({
      ok: false,
      reason: "invalid",
    });
  });

  it("rate-limits an account after its limit, even with the right password, from any IP", async () => {
    const target = await createOwner();
    const { limit } = SIGN_IN_LIMITS.perAccount;
    for (let i = 0; i < limit; i++) {
      expect((await verifyCredentials(target.email, "wrong password", uniqueIp())).ok).toBe(false);
    }
    const limited = await verifyCredentials(target.email, TEST_PASSWORD, uniqueIp());
    expect(limited).toMatchObject({ ok: false, reason: "rate_limited" });
    expect(
      limited.ok === false && limited.reason === "rate_limited" && limited.retryAfterSeconds,
    ).toBeGreaterThan(0);
    // Another account is not affected.
    expect((await verifyCredentials(owner.email, TEST_PASSWORD, uniqueIp())).ok).toBe(true);
  });

  it("rate-limits an IP after its limit, across accounts", async () => {
    const ip = uniqueIp();
    // Fill the IP's window directly: 50 argon2 checks would only slow the suite down.
    for (let i = 0; i < SIGN_IN_LIMITS.perIp.limit; i++) {
      await hitRateLimit(
        `sign-in:ip:${ip}`,
        SIGN_IN_LIMITS.perIp.limit,
        SIGN_IN_LIMITS.perIp.windowSeconds,
      );
    }
    expect(await verifyCredentials(owner.email, TEST_PASSWORD, ip)).toMatchObject({
      ok: false,
      reason: "rate_limited",
    });
    expect((await verifyCredentials(owner.email, TEST_PASSWORD, uniqueIp())).ok).toBe(true);
  });
});
