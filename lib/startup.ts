// Imported once at server start (instrumentation.ts): a bad environment stops the process here,
// with a sentence that names the variable, instead of failing on the first request.
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
