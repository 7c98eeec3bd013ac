// Imported once at server start (instrumentation.ts): a bad environment stops the process here,
// with a sentence that names the variable, instead of failing on the first request. Then the job
// workers start in this process unless LUNEO_IN_PROCESS_WORKERS=false (production runs them as
// separate `npm run worker` processes).
import { env, EnvError } from "./env";

try {
  env();
} catch (error) {
  if (error instanceof EnvError) {
    console.error(`\n${error.message}\n`);
    process.exit(1);
  }
  throw error;
}

if (process.env.LUNEO_IN_PROCESS_WORKERS !== "false") {
  const [{ startWorkers }, { log }] = await Promise.all([import("./jobs/worker"), import("./log")]);
  startWorkers().catch((error) => log.error({ err: error }, "job workers could not start"));
}
