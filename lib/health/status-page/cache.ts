import "server-only";
import { clientIp } from "@/lib/auth/client-ip";
import { consumeNamedLimit } from "@/lib/auth/rate-limit";
import { getPublicStatus } from "./queries";

// The public status page is read by anyone, so it is cheap and bounded: each org's page is kept
// in this process for STATUS_PAGE_CACHE_SECONDS (a refresh storm reads the database once per
// org and process), and each client address may ask STATUS_PAGE_REQUESTS_PER_MINUTE times a minute.

export const STATUS_PAGE_CACHE_SECONDS = 30;
export const STATUS_PAGE_REQUESTS_PER_MINUTE = 120;

type Page = Awaited<ReturnType<typeof getPublicStatus>>;
const cache = new Map<string, { at: number; page: Promise<Page> }>();

export async function publicStatusFor(
  slug: string,
  headers: Headers,
): Promise<{ limited: true } | { limited: false; page: Page }> {
  const limit = await consumeNamedLimit(
    "status-page",
    clientIp(headers),
    STATUS_PAGE_REQUESTS_PER_MINUTE,
    60,
  );
  if (!limit.allowed) return { limited: true };
  const key = slug.toLowerCase().slice(0, 100);
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < STATUS_PAGE_CACHE_SECONDS * 1000) {
    return { limited: false, page: await hit.page };
  }
  const page = getPublicStatus(key);
  cache.set(key, { at: Date.now(), page });
  page.catch(() => cache.delete(key));
  if (cache.size > 5000) cache.delete(cache.keys().next().value!);
  return { limited: false, page: await page };
}
