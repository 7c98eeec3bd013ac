import "server-only";
import { and, eq, gt, isNull, or } from "drizzle-orm";
import type { TenantTx } from "@/lib/db/scopes";
import { channelSecrets } from "@/db/schema";
import { decryptSecret, encryptSecret, parseKeyRing, type KeyRing } from "@/lib/crypto/secrets";
import { env } from "@/lib/env";

/** How long a replaced secret keeps working, so the provider console can be updated without downtime. */
export const ROTATION_GRACE_HOURS = 24;

let ring: { source: string; ring: KeyRing } | undefined;
function keyRing(): KeyRing {
  const source = env().LUNEO_ENCRYPTION_KEY;
  if (ring?.source !== source) ring = { source, ring: parseKeyRing(source) };
  return ring.ring;
}

const aad = (orgId: string, connectionId: string) => `channel:${orgId}:${connectionId}`;

/** Stores a new secret; the previous ones stay valid for the grace period, then stop. */
export async function rotateSecret(tx: TenantTx, connectionId: string, secret: string) {
  const { orgId } = tx;
  const graceEnd = new Date(Date.now() + ROTATION_GRACE_HOURS * 3_600_000);
  await tx
    .update(channelSecrets)
    .set({ expiresAt: graceEnd })
    .where(
      and(
        eq(channelSecrets.orgId, orgId),
        eq(channelSecrets.connectionId, connectionId),
        or(isNull(channelSecrets.expiresAt), gt(channelSecrets.expiresAt, graceEnd)),
      ),
    );
  await tx.insert(channelSecrets).values({
    orgId,
    connectionId,
    ciphertext: encryptSecret(keyRing(), secret, aad(orgId, connectionId)),
  });
}

export function decryptChannelSecret(
  ciphertext: string,
  orgId: string,
  connectionId: string,
): string {
  return decryptSecret(keyRing(), ciphertext, aad(orgId, connectionId));
}

const apiKeyAad = (orgId: string, connectionId: string) =>
  `channel-api-key:${orgId}:${connectionId}`;

/** VAPI's private API key (optional, for credential checks), sealed for its connection. */
export function encryptApiKey(apiKey: string, orgId: string, connectionId: string): string {
  return encryptSecret(keyRing(), apiKey, apiKeyAad(orgId, connectionId));
}

export function decryptApiKey(ciphertext: string, orgId: string, connectionId: string): string {
  return decryptSecret(keyRing(), ciphertext, apiKeyAad(orgId, connectionId));
}
