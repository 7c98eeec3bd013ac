import "server-only";
import type { TenantTx } from "@/lib/db/scopes";
import { enqueue } from "@/lib/jobs/enqueue";
import { roiRefreshJob } from "./refresh-job";

/** An org's rollups catch up at most this often: one job per org per slot, after the slot. */
export const ROI_REFRESH_SECONDS = 60;

/**
 * Asks for the org's ROI rollups to catch up, in the caller's transaction (ingestion calls it for
 * every call and SMS it applies). Calls within one minute collapse into one job (pg-boss
 * `singletonSeconds`), which starts after that minute and reads everything that changed.
 */
export async function enqueueRoiRefresh(tx: TenantTx): Promise<void> {
  await enqueue(
    tx,
    roiRefreshJob,
    { orgId: tx.orgId },
    {
      singletonKey: `roi:${tx.orgId}`,
      singletonSeconds: ROI_REFRESH_SECONDS,
      startAfter: ROI_REFRESH_SECONDS,
    },
  );
}
