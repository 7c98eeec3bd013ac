// Payloads shown in the webhook log: values under secret-looking keys are masked, wherever they are.
const SECRET_KEY = /secret|token|password|passwd|authorization|signature|api[-_]?key|credential/i;
const MASK = "••••••";

export function maskSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskSecrets);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, v]) => [
        key,
        SECRET_KEY.test(key) ? MASK : maskSecrets(v),
      ]),
    );
  }
  return value;
}

/** The raw body as a readable, masked document: JSON pretty-printed, form bodies as key/value JSON. */
export function presentPayload(rawBody: string, provider: "twilio" | "vapi"): string {
  try {
    const value =
      provider === "vapi" ? JSON.parse(rawBody) : Object.fromEntries(new URLSearchParams(rawBody));
    return JSON.stringify(maskSecrets(value), null, 2);
  } catch {
    return rawBody.length > 10_000 ? `${rawBody.slice(0, 10_000)}…` : rawBody;
  }
}
