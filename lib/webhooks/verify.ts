import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import twilio from "twilio";
import type { VapiConfig } from "@/db/schema";
import type { RequestHeaders } from "./receive";

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Twilio: X-Twilio-Signature over the public URL Twilio called (built from PUBLIC_URL, never from
 * the Host header) and every POST parameter, checked by the official library. Any live secret
 * (current or in its rotation grace period) may match.
 */
export function verifyTwilio(
  secrets: string[],
  signature: string | null,
  url: string,
  params: Record<string, string>,
) {
  if (!signature) return false;
  return secrets.some((authToken) => twilio.validateRequest(authToken, signature, url, params));
}

/** Older than this, a timestamped HMAC signature is a replay. */
export const VAPI_MAX_SKEW_SECONDS = 300;

/** VAPI: a shared secret header, a bearer token, or an HMAC-SHA256 of the raw body. */
export function verifyVapi(
  config: VapiConfig,
  secrets: string[],
  headers: RequestHeaders,
  rawBody: string,
  now = Date.now(),
) {
  switch (config.authMode) {
    case "x-vapi-secret": {
      const sent = headers.get("x-vapi-secret");
      return sent !== null && secrets.some((s) => safeEqual(sent, s));
    }
    case "bearer": {
      const sent = headers.get("authorization")?.match(/^Bearer\s+(.+)$/i)?.[1];
      return sent !== undefined && secrets.some((s) => safeEqual(sent, s));
    }
    case "hmac": {
      const sent = headers.get(config.signatureHeader ?? "x-signature")?.replace(/^sha256=/i, "");
      if (!sent) return false;
      let signed = rawBody;
      if (config.timestampHeader) {
        const stamp = headers.get(config.timestampHeader);
        const seconds = stamp ? Number(stamp) / (Number(stamp) > 1e12 ? 1000 : 1) : NaN;
        if (!Number.isFinite(seconds) || Math.abs(now / 1000 - seconds) > VAPI_MAX_SKEW_SECONDS)
          return false;
        signed = `${stamp}.${rawBody}`;
      }
      return secrets.some((s) =>
        safeEqual(sent.toLowerCase(), createHmac("sha256", s).update(signed).digest("hex")),
      );
    }
  }
}
