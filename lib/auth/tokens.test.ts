import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hashSecret, issueToken, parseToken, secretMatches } from "./tokens";

const PREFIX = "luneo";
const prefixes = fc.constantFrom("luneo", "inv");

describe("issueToken / parseToken", () => {
  it("round-trips the org id, the row id and a secret that matches the stored hash", () => {
    fc.assert(
      fc.property(prefixes, fc.uuid(), fc.uuid(), (prefix, orgId, id) => {
        const { token, secretHash } = issueToken(prefix, orgId, id);
        expect(token).toMatch(new RegExp(`^${prefix}_[A-Za-z0-9_-]{75}$`));
        const parsed = parseToken(prefix, token);
        expect(parsed).not.toBeNull();
        expect(parsed!.orgId).toBe(orgId.toLowerCase());
        expect(parsed!.id).toBe(id.toLowerCase());
        expect(parsed!.secret).toHaveLength(24);
        expect(secretMatches(parsed!.secret, secretHash)).toBe(true);
        expect(secretHash).toBe(createHash("sha256").update(parsed!.secret).digest("hex"));
      }),
    );
  });

  it("issues a different secret every time, even for the same row", () => {
    const orgId = "0b8f3f0e-5a43-4d2b-9a57-6d8c6b0c1f10";
    const id = "7a0b3c2d-1e4f-4a5b-8c6d-7e8f9a0b1c2d";
    const tokens = new Set(Array.from({ length: 50 }, () => issueToken(PREFIX, orgId, id).token));
    expect(tokens.size).toBe(50);
  });

  it("stores no part of the secret in the hash", () => {
    const { token, secretHash } = issueToken(
      PREFIX,
      "0b8f3f0e-5a43-4d2b-9a57-6d8c6b0c1f10",
      "7a0b3c2d-1e4f-4a5b-8c6d-7e8f9a0b1c2d",
    );
    const secret = parseToken(PREFIX, token)!.secret;
    expect(secretHash).not.toContain(secret.toString("hex"));
    expect(secretHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("rejects a token issued under another prefix (an invitation link is not an API key)", () => {
    fc.assert(
      fc.property(fc.uuid(), fc.uuid(), (orgId, id) => {
        expect(parseToken("luneo", issueToken("inv", orgId, id).token)).toBeNull();
        expect(parseToken("inv", issueToken("luneo", orgId, id).token)).toBeNull();
      }),
    );
  });

  it("never throws on arbitrary input, and only returns well-formed results", () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    const candidates = fc.oneof(
      fc.string(),
      fc.string({ unit: "binary-ascii" }),
      fc.string({ unit: "grapheme", maxLength: 30 }),
      fc.string().map((s) => `${PREFIX}_${s}`),
      fc.base64String().map((s) => `${PREFIX}_${s}`),
      fc
        .uint8Array({ minLength: 0, maxLength: 80 })
        .map((b) => `${PREFIX}_${Buffer.from(b).toString("base64url")}`),
      // Well-formed length, arbitrary bytes: must parse to well-formed ids.
      fc
        .uint8Array({ minLength: 56, maxLength: 56 })
        .map((b) => `${PREFIX}_${Buffer.from(b).toString("base64url")}`),
    );
    let parsedSome = 0;
    fc.assert(
      fc.property(candidates, (token) => {
        const parsed = parseToken(PREFIX, token);
        if (parsed === null) return;
        parsedSome++;
        expect(parsed.orgId).toMatch(uuid);
        expect(parsed.id).toMatch(uuid);
        expect(parsed.secret).toHaveLength(24);
      }),
      { numRuns: 500 },
    );
    expect(parsedSome).toBeGreaterThan(0);
  });

  it("rejects payloads of the wrong length", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 0, maxLength: 120 }).filter((b) => b.length !== 56),
        (bytes) => {
          expect(
            parseToken(PREFIX, `${PREFIX}_${Buffer.from(bytes).toString("base64url")}`),
          ).toBeNull();
        },
      ),
    );
  });

  // Regression: Buffer.from(…, "base64url") skips characters outside the alphabet and ignores the
  // spare low bits of the last character, so many spellings once parsed to the same key.
  it("accepts only the canonical encoding of a payload", () => {
    fc.assert(
      fc.property(fc.uuid(), fc.uuid(), fc.constantFrom("!", "*", ".", "="), (orgId, id, junk) => {
        const { token } = issueToken(PREFIX, orgId, id);
        expect(parseToken(PREFIX, `${token}${junk}`)).toBeNull();
      }),
    );
  });
});

describe("secretMatches", () => {
  it("fails for any change to the secret", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 24, maxLength: 24 }),
        fc.nat({ max: 23 }),
        fc.integer({ min: 1, max: 255 }),
        (bytes, index, flip) => {
          const secret = Buffer.from(bytes);
          const expected = hashSecret(secret);
          const mutated = Buffer.from(secret);
          mutated[index] = mutated[index]! ^ flip;
          expect(secretMatches(secret, expected)).toBe(true);
          expect(secretMatches(mutated, expected)).toBe(false);
        },
      ),
    );
  });

  it("fails for a secret of another length and for a malformed stored hash", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 24, maxLength: 24 }),
        fc.string(),
        (bytes, garbage) => {
          const secret = Buffer.from(bytes);
          const expected = hashSecret(secret);
          expect(secretMatches(secret.subarray(0, 23), expected)).toBe(false);
          expect(secretMatches(Buffer.concat([secret, Buffer.from([0])]), expected)).toBe(false);
          fc.pre(garbage !== expected);
          expect(secretMatches(secret, garbage)).toBe(false);
        },
      ),
    );
  });
});
