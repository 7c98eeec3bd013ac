// A browser POST from another site carries that site's Origin. Next refuses such server actions
// itself, but answers 500; proxy.ts and cookie-authenticated routes refuse them first with a 403
// that says why. The comparison is Next's own: Origin's host against X-Forwarded-Host, else Host.
// No Origin (curl, a script) is not a cross-site browser request: cookies are not sent by others.

export function isForeignOrigin(headers: Headers): boolean {
  const origin = headers.get("origin");
  if (origin === null) return false;
  const host = headers.get("x-forwarded-host")?.split(",")[0]?.trim() || headers.get("host");
  if (!host || origin === "null") return true;
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}

export const FOREIGN_ORIGIN_MESSAGE =
  "This request came from another website, so Luneo refused it. Open Luneo directly and try again.";
