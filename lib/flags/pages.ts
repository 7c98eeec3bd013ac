import "server-only";
import { notFound } from "next/navigation";
import { orgFlags } from "./evaluate";
import { flagOfPath, type FlagKey } from "./registry";

// The gates of pages and the shell (docs/adr/0012). One evaluation per request: the dashboard
// layout, its navigation and the page share it.

export { orgFlags };

/**
 * For a page of a gated module: the ordinary 404 page while the flag is off for the org. The
 * dashboard layout already answers a document request with a real 404 (isHiddenPath); this covers
 * client-side navigation, where the layout does not run again.
 */
export async function requireFlagOr404(orgId: string, key: FlagKey): Promise<void> {
  if (!(await orgFlags(orgId))[key].enabled) notFound();
}

/** True when `pathname` belongs to a flag (its `pages` in the registry) that is off for the org. */
export async function isHiddenPath(orgId: string, pathname: string | null): Promise<boolean> {
  const key = pathname ? flagOfPath(pathname) : undefined;
  return key !== undefined && !(await orgFlags(orgId))[key].enabled;
}
