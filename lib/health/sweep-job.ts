import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";

/**
 * health.sweep: every minute (a pg-boss schedule written at migrate time, lib/health/schedule.ts),
 * queue one health.evaluate per org with a channel, and a credential check for those whose last
 * check is older than CREDENTIAL_CHECK_EVERY_MINUTES.
 */
export const healthSweepJob = defineJob({
  name: "health.sweep",
  payload: z.object({}).passthrough(),
  retry: { limit: 0, delaySeconds: 10, backoff: false },
  expireInSeconds: 60,
  pollingIntervalSeconds: 5,
  async handler() {
    const { sweepHealth } = await import("./sweep");
    return sweepHealth();
  },
});
