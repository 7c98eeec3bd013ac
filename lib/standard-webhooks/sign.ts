import { createHmac, randomBytes } from "node:crypto";

// Standard Webhooks (https://www.standardwebhooks.com), written once for every outbound webhook
// Luneo signs (health alerts, agent actions): the three headers, and the signature
// `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` keyed with the secret's bytes (the base64 after
// `whsec_`). The reference implementation (the `standardwebhooks` package) verifies what this
// signs in sign.test.ts, so receivers can use any Standard Webhooks library.

export const SECRET_PREFIX = "whsec_";

/** A new secret as Standard Webhooks writes them: whsec_ and 24 random bytes in base64. */
export function newWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(24).toString("base64")}`;
}

/** Whether `secret` is a whsec_ secret whose key is at least 16 bytes. */
export function isWebhookSecret(secret: string): boolean {
  if (!secret.startsWith(SECRET_PREFIX)) return false;
  const key = secret.slice(SECRET_PREFIX.length);
  return /^[A-Za-z0-9+/]+={0,2}$/.test(key) && Buffer.from(key, "base64").length >= 16;
}

export type StandardWebhookHeaders = Record<
  "webhook-id" | "webhook-timestamp" | "webhook-signature",
  string
>;

/** The three headers of a delivery of `body` with message id `id`, sent at `timestamp`. */
export function signWebhook(
  secret: string,
  id: string,
  timestamp: Date,
  body: string,
): StandardWebhookHeaders {
  const seconds = String(Math.floor(timestamp.getTime() / 1000));
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const signature = createHmac("sha256", key).update(`${id}.${seconds}.${body}`).digest("base64");
  return {
    "webhook-id": id,
    "webhook-timestamp": seconds,
    "webhook-signature": `v1,${signature}`,
  };
}
