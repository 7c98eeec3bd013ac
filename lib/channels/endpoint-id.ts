import { randomBytes } from "node:crypto";

// The path segment of an org's webhook URLs: its org id and 12 random bytes, base64url. It carries
// the org so the route reads the connection inside that org's tenant transaction (no cross-tenant
// lookup), and it is unguessable so a URL cannot be enumerated. It is not the credential: every
// request is also verified with the provider's signature or secret.
const ORG_BYTES = 16;
const RANDOM_BYTES = 12;
const LENGTH = Math.ceil(((ORG_BYTES + RANDOM_BYTES) * 4) / 3);
const SHAPE = new RegExp(`^[A-Za-z0-9_-]{${LENGTH}}$`);

export function newEndpointId(orgId: string): string {
  const org = Buffer.from(orgId.replace(/-/g, ""), "hex");
  return Buffer.concat([org, randomBytes(RANDOM_BYTES)]).toString("base64url");
}

/** The org an endpoint id belongs to, or null when the value is not an endpoint id at all. */
export function orgOfEndpointId(endpointId: string): string | null {
  if (!SHAPE.test(endpointId)) return null;
  const bytes = Buffer.from(endpointId, "base64url");
  if (bytes.length !== ORG_BYTES + RANDOM_BYTES || bytes.toString("base64url") !== endpointId)
    return null;
  const hex = bytes.subarray(0, ORG_BYTES).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
