import "server-only";
import { decryptSecret, encryptSecret, parseKeyRing, type KeyRing } from "@/lib/crypto/secrets";
import { env } from "@/lib/env";

// An action's secret (the webhook_call signing secret), sealed with LUNEO_ENCRYPTION_KEY and bound
// to its org and action, like the channels' secrets (lib/channels/credentials.ts).

let ring: { source: string; ring: KeyRing } | undefined;
function keyRing(): KeyRing {
  const source = env().LUNEO_ENCRYPTION_KEY;
  if (ring?.source !== source) ring = { source, ring: parseKeyRing(source) };
  return ring.ring;
}

const aad = (orgId: string, action: string) => `action:${orgId}:${action}`;

export const sealActionSecret = (orgId: string, action: string, secret: string) =>
  encryptSecret(keyRing(), secret, aad(orgId, action));

export const openActionSecret = (orgId: string, action: string, sealed: string) =>
  decryptSecret(keyRing(), sealed, aad(orgId, action));
