/**
 * The caller's IP as the nearest proxy reports it. Behind a load balancer the right-most
 * X-Forwarded-For entry is the one it appended; left-most entries can be forged by the client.
 */
export function clientIp(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for");
  const last = forwarded
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .at(-1);
  return last || headers.get("x-real-ip") || "unknown";
}
