import "server-only";
import { decryptSecret, encryptSecret, parseKeyRing } from "@/lib/crypto/secrets";
import { env } from "@/lib/env";

// Alert webhooks are signed the Standard Webhooks way by the one signer
// (lib/standard-webhooks/sign.ts). Their `whsec_` secret is stored encrypted with the org's
// channel secrets' key, bound to the org.

const aad = (orgId: string) => `alert-webhook:${orgId}`;
const ring = () => parseKeyRing(env().LUNEO_ENCRYPTION_KEY);

export const sealSigningSecret = (secret: string, orgId: string) =>
  encryptSecret(ring(), secret, aad(orgId));
export const openSigningSecret = (sealed: string, orgId: string) =>
  decryptSecret(ring(), sealed, aad(orgId));
