// npm run worker — job workers as their own process (production). Several may run against one
// database: pg-boss hands each job to exactly one of them.
import { startWorkers } from "@/lib/jobs/worker";
import { stopBoss } from "@/lib/jobs/boss";
import { env } from "@/lib/env";

env();
await startWorkers();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    await stopBoss();
    process.exit(0);
  });
}
