import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decryptSecret,
  encryptSecret,
  generateKeyRingValue,
  KeyRingError,
  parseKeyRing,
} from "./secrets";

const key = () => randomBytes(32).toString("base64");
const ORG_A = "channel:org-a:conn-1";

describe("provider secrets at rest", () => {
  it("round-trips any secret, and every encryption differs (fresh IV)", () => {
    const ring = parseKeyRing(generateKeyRingValue("k1"));
    fc.assert(
      fc.property(fc.string(), (secret) => {
        const sealed = encryptSecret(ring, secret, ORG_A);
        expect(decryptSecret(ring, sealed, ORG_A)).toBe(secret);
        expect(encryptSecret(ring, secret, ORG_A)).not.toBe(sealed);
        if (secret.length >= 4) expect(sealed).not.toContain(secret);
      }),
    );
  });

  it("refuses a ciphertext moved to another org or connection, or altered", () => {
    const ring = parseKeyRing(generateKeyRingValue("k1"));
    const sealed = encryptSecret(ring, "twilio-auth-token", ORG_A);
    expect(() => decryptSecret(ring, sealed, "channel:org-b:conn-1")).toThrow();
    const parts = sealed.split(".");
    const tampered = [...parts.slice(0, 4), Buffer.from("x" + parts[4]).toString("base64url")].join(
      ".",
    );
    expect(() => decryptSecret(ring, tampered, ORG_A)).toThrow();
  });

  it("rotates: with a new key prepended, old ciphertexts still open and new ones use the new key", () => {
    const k1 = `k1:${key()}`;
    const old = encryptSecret(parseKeyRing(k1), "secret-from-last-year", ORG_A);
    const rotated = parseKeyRing(`k2:${key()},${k1}`);
    expect(decryptSecret(rotated, old, ORG_A)).toBe("secret-from-last-year");
    expect(encryptSecret(rotated, "new", ORG_A).split(".")[1]).toBe("k2");
    // Dropping k1 too early is a clear error naming the key, not garbage.
    const withoutK1 = parseKeyRing(`k2:${key()}`);
    expect(() => decryptSecret(withoutK1, old, ORG_A)).toThrow(/"k1" is not configured/);
  });

  it("rejects malformed key rings without echoing key material", () => {
    const short = Buffer.alloc(16, 9).toString("base64");
    for (const value of ["", "k1", `k1:${short}`, `bad id!:${key()}`]) {
      expect(() => parseKeyRing(value)).toThrow(KeyRingError);
    }
    try {
      parseKeyRing(`k1:${short}`);
    } catch (error) {
      expect((error as Error).message).not.toContain(short);
    }
  });
});
