import "server-only";
import { NotFoundError } from "@/lib/errors";
import { isFeatureEnabled } from "./evaluate";
import type { FlagKey } from "./registry";

/**
 * The gate of a route handler (`flag` on apiRoute / sessionRoute): while the flag is off for the
 * org the route does not exist for it, so the answer is the ordinary 404, not a 403 that would say
 * there is something to be allowed into.
 */
export async function refuseUnlessFlagOn(orgId: string, key: FlagKey): Promise<void> {
  if (!(await isFeatureEnabled(orgId, key))) throw new NotFoundError("This page");
}
