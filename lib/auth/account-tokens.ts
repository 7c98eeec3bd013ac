import { randomBytes } from "node:crypto";
import { hashSecret } from "./tokens";

// One-time links about an account (password reset, email verification) name their row and carry
// a secret whose sha256 is all the database keeps:
//   <prefix>_<base64url(row uuid 16 bytes | secret 24 bytes)>
// Unlike invitation links they belong to no org, so there is no org id inside (lib/auth/tokens.ts).
const SECRET_BYTES = 24;
const PAYLOAD_BYTES = 16 + SECRET_BYTES;
const CANONICAL_BODY = new RegExp(`^[A-Za-z0-9_-]{${Math.ceil((PAYLOAD_BYTES * 4) / 3)}}$`);

export function issueAccountToken(
  prefix: string,
  id: string,
): { token: string; secretHash: string } {
  const secret = randomBytes(SECRET_BYTES);
  const payload = Buffer.concat([Buffer.from(id.replace(/-/g, ""), "hex"), secret]);
  return { token: `${prefix}_${payload.toString("base64url")}`, secretHash: hashSecret(secret) };
}

export function parseAccountToken(
  prefix: string,
  token: string,
): { id: string; secret: Buffer } | null {
  if (!token.startsWith(`${prefix}_`)) return null;
  const body = token.slice(prefix.length + 1);
  if (!CANONICAL_BODY.test(body)) return null;
  const payload = Buffer.from(body, "base64url");
  if (payload.length !== PAYLOAD_BYTES || payload.toString("base64url") !== body) return null;
  const hex = payload.subarray(0, 16).toString("hex");
  return {
    id: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`,
    secret: payload.subarray(16),
  };
}
