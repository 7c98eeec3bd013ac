import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";
import { log } from "@/lib/log";

/**
 * roi.refresh: brings an org's daily ROI rollups up to date with its conversations (lib/roi/
 * rollup.ts). Enqueued by ingestion, at most once a minute per org; it converges when run twice.
 */
export const roiRefreshJob = defineJob({
  name: "roi.refresh",
  payload: z.object({ orgId: z.uuid() }),
  retry: { limit: 5, delaySeconds: 30, backoff: true },
  expireInSeconds: 600,
  pollingIntervalSeconds: 2,
  async handler(job, run) {
    // Loaded when a job runs: this declaration is read by the migrate step (lib/jobs/define.ts).
    const { refreshRollups } = await import("./service");
    const days = await refreshRollups(job.orgId);
    log.debug({ jobId: run.id, days }, "ROI rollups refreshed");
    return { days };
  },
});

export type RoiRefreshJob = z.infer<typeof roiRefreshJob.payload>;
