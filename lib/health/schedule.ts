import { healthSweepJob } from "./sweep-job";

/** The health module's schedules, written by the migrate step (pg-boss cron, in UTC). */
export const HEALTH_SCHEDULES = [{ name: healthSweepJob.name, cron: "* * * * *" }] as const;
