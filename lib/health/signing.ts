import "server-only";
import { createHmac, randomBytes } from "node:crypto";
import { decryptSecret, encryptSecret, parseKeyRing } from "@/lib/crypto/secrets";
import { env } from "@/lib/env";

// Alert webhooks are signed the Standard Webhooks way (https://www.standardwebhooks.com):
// `webhook-id`, `webhook-timestamp` (seconds) and `webhook-signature: v1,<base64 HMAC-SHA256>` over
// "<id>.<timestamp>.<body>", keyed with the bytes of the `whsec_` secret. Receivers verify with any
// Standard Webhooks library. The secret is stored encrypted with the org's channel secrets' key.

export function newSigningSecret(): string {
  return `whsec_${randomBytes(24).toString("base64")}`;
}

export function signStandardWebhook(secret: string, id: string, timestamp: number, body: string) {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const digest = createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64");
  return `v1,${digest}`;
}

const aad = (orgId: string) => `alert-webhook:${orgId}`;
const ring = () => parseKeyRing(env().LUNEO_ENCRYPTION_KEY);

export const sealSigningSecret = (secret: string, orgId: string) =>
  encryptSecret(ring(), secret, aad(orgId));
export const openSigningSecret = (sealed: string, orgId: string) =>
  decryptSecret(ring(), sealed, aad(orgId));
