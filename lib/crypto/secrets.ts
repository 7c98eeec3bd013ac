import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

// Provider credentials at rest: AES-256-GCM with a key from LUNEO_ENCRYPTION_KEY.
//   LUNEO_ENCRYPTION_KEY = "<kid>:<base64 32 bytes>[,<older kid>:<base64>…]"
// The first key encrypts; every listed key decrypts, so keys rotate by prepending a new one and
// re-encrypting at leisure. The ciphertext names its key id:
//   v1.<kid>.<iv>.<tag>.<ciphertext>      (base64url parts)
// `context` (org and connection ids) is authenticated data: a ciphertext copied into another org's
// row does not decrypt.

export type KeyRing = { current: string; keys: Map<string, Buffer> };

export class KeyRingError extends Error {
  override name = "KeyRingError";
}

export function parseKeyRing(value: string): KeyRing {
  const keys = new Map<string, Buffer>();
  let current: string | undefined;
  for (const entry of value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [kid, material] = entry.split(":");
    if (!kid || !material || !/^[A-Za-z0-9_-]{1,32}$/.test(kid)) {
      throw new KeyRingError("each key must look like <id>:<base64 of 32 bytes>, e.g. k1:3q2+7w…");
    }
    const key = Buffer.from(material, "base64");
    if (key.length !== 32) throw new KeyRingError(`key "${kid}" must be 32 bytes, base64-encoded`);
    keys.set(kid, key);
    current ??= kid;
  }
  if (!current) throw new KeyRingError("at least one key is required");
  return { current, keys };
}

export function generateKeyRingValue(kid = "k1"): string {
  return `${kid}:${randomBytes(32).toString("base64")}`;
}

export function encryptSecret(ring: KeyRing, plaintext: string, context: string): string {
  const key = ring.keys.get(ring.current)!;
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(context));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const parts = [iv, cipher.getAuthTag(), ciphertext].map((b) => b.toString("base64url"));
  return ["v1", ring.current, ...parts].join(".");
}

export function decryptSecret(ring: KeyRing, sealed: string, context: string): string {
  const [version, kid, iv, tag, ciphertext] = sealed.split(".");
  if (version !== "v1" || !kid || !iv || !tag || ciphertext === undefined) {
    throw new KeyRingError("not a Luneo ciphertext");
  }
  const key = ring.keys.get(kid);
  if (!key) throw new KeyRingError(`encryption key "${kid}" is not configured`);
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([
    decipher.update(Buffer.from(ciphertext, "base64url")),
    decipher.final(),
  ]).toString("utf8");
}
