import { describe, expect, it } from "vitest";
import { setupFreshDatabase } from "@/test/db";
import { consumeSignUpAttempt, SIGN_UP_LIMITS } from "./sign-up-limits";

// The sign-up limit per address (creating orgs in bulk is the abuse). The e2e suite forgets this
// count before each of its sign-ups (e2e/mailbox.ts): this is where the limit itself is held.

await setupFreshDatabase();

const n = () => Math.floor(Math.random() * 254) + 1;
const uniqueIp = () => `10.${n()}.${n()}.${n()}`;

describe("sign-ups per address", () => {
  it("allows the hourly number from one address, refuses the next, and leaves others alone", async () => {
    const ip = uniqueIp();
    for (let i = 0; i < SIGN_UP_LIMITS.perIpPerHour; i += 1) {
      expect((await consumeSignUpAttempt(ip)).allowed).toBe(true);
    }
    const refused = await consumeSignUpAttempt(ip);
    expect(refused.allowed).toBe(false);
    expect(refused.resetSeconds).toBeGreaterThan(0);
    expect((await consumeSignUpAttempt(uniqueIp())).allowed).toBe(true);
  });
});
