import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

// Secrets handed out once (API keys, invitation links) carry the org and row they belong to, so
// they are looked up by primary key inside that org's own tenant transaction — no cross-tenant
// index on the hash is needed.
//   <prefix>_<base64url(org uuid 16 bytes | row uuid 16 bytes | secret 24 bytes)>
const SECRET_BYTES = 24;
const PAYLOAD_BYTES = 16 + 16 + SECRET_BYTES;
const CANONICAL_BODY = new RegExp(`^[A-Za-z0-9_-]{${Math.ceil((PAYLOAD_BYTES * 4) / 3)}}$`);

export type ParsedToken = { orgId: string; id: string; secret: Buffer };

function uuidToBytes(uuid: string): Buffer {
  return Buffer.from(uuid.replace(/-/g, ""), "hex");
}

function bytesToUuid(bytes: Buffer): string {
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function issueToken(
  prefix: string,
  orgId: string,
  id: string,
): { token: string; secretHash: string } {
  const secret = randomBytes(SECRET_BYTES);
  const payload = Buffer.concat([uuidToBytes(orgId), uuidToBytes(id), secret]);
  return { token: `${prefix}_${payload.toString("base64url")}`, secretHash: hashSecret(secret) };
}

export function parseToken(prefix: string, token: string): ParsedToken | null {
  if (!token.startsWith(`${prefix}_`)) return null;
  const body = token.slice(prefix.length + 1);
  // Node's decoder skips invalid characters and ignores spare bits, so only the canonical
  // encoding is accepted: one key has exactly one spelling.
  if (!CANONICAL_BODY.test(body)) return null;
  const payload = Buffer.from(body, "base64url");
  if (payload.length !== PAYLOAD_BYTES || payload.toString("base64url") !== body) return null;
  return {
    orgId: bytesToUuid(payload.subarray(0, 16)),
    id: bytesToUuid(payload.subarray(16, 32)),
    secret: payload.subarray(32),
  };
}

export function hashSecret(secret: Buffer): string {
  return createHash("sha256").update(secret).digest("hex");
}

export function secretMatches(secret: Buffer, expectedHash: string): boolean {
  const actual = Buffer.from(hashSecret(secret), "hex");
  const expected = Buffer.from(expectedHash, "hex");
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
