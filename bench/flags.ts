// npm run bench:flags — what feature flags cost a request (lib/flags, docs/adr/0012).
//   1. flagsForOrg, as the dashboard layout calls it once per request: without PostHog (overrides
//      and defaults: one tenant read), and with PostHog's definitions loaded (the same read plus
//      the local evaluation of every flag), against the local PostHog of the tests.
//   2. One dashboard page (/dashboard, signed in) through `next start`, without PostHog and with
//      it configured (the stand-in serving five flags at 30 %), sequential requests.
// Prints p50/p99 in milliseconds. Uses DATABASE_URL's server, or the embedded one.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { closeDb } from "@/db";
import { stopBoss } from "@/lib/jobs/boss";
import { createDatabase, dropDatabase, withDatabaseUrl } from "@/lib/db/admin";
import { flagsForOrg, postHogAnswers } from "@/lib/flags/evaluate";
import { configurePostHog } from "@/lib/flags/posthog";
import { FLAG_KEYS } from "@/lib/flags/registry";
import { ensureDatabase } from "../scripts/local-env";
import { startTestPostHog } from "../test/posthog";
import { startServer } from "./processes";
import { prepareConnectedOrg } from "./setup";

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 1000);
const PAGE_REQUESTS = Number(process.env.BENCH_PAGE_REQUESTS ?? 200);
const APP_PORT = Number(process.env.BENCH_PORT ?? 3213);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function measure(name: string, iterations: number, run: () => Promise<unknown>) {
  for (let i = 0; i < Math.min(100, iterations / 5); i++) await run(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  console.log(
    `${name.padEnd(40)} p50 ${percentile(samples, 50).toFixed(3)} ms   p99 ${percentile(samples, 99).toFixed(3)} ms`,
  );
}

const { url: serverUrl, embedded } = await ensureDatabase();
const database = `luneo_bench_flags_${Date.now()}`;
await createDatabase(serverUrl, database);
const databaseUrl = withDatabaseUrl(serverUrl, database);
const { env, orgId, email, password } = await prepareConnectedOrg(databaseUrl, APP_PORT, "flags");
const posthog = await startTestPostHog();
posthog.setFlags(FLAG_KEYS.map((key) => ({ key, rollout: 30 })));

console.log(`1. flag evaluation per request (${ITERATIONS} sequential calls, each twice)\n`);
const withPostHog = async () => {
  const client = (await configurePostHog({
    key: posthog.projectKey,
    host: posthog.url,
    secretKey: posthog.secretKey,
  }))!;
  while (!client.client.isLocalEvaluationReady()) await new Promise((r) => setTimeout(r, 50));
};
// Alternated, so neither variant gets the warm-up or a quiet moment of the machine for itself.
for (let round = 0; round < 2; round++) {
  await configurePostHog(null);
  await measure("flagsForOrg, PostHog not configured", ITERATIONS, () => flagsForOrg(orgId));
  await withPostHog();
  await measure("local evaluation alone (5 flags)", ITERATIONS, () => postHogAnswers(orgId));
  await measure("flagsForOrg, PostHog configured", ITERATIONS, () => flagsForOrg(orgId));
}
await configurePostHog(null);
await stopBoss();
await closeDb();

if (!existsSync(".next/BUILD_ID")) {
  console.log("› building (no production build found)");
  const build = spawn("npx", ["next", "build"], { stdio: "inherit", env });
  await new Promise((resolve) => build.on("exit", resolve));
}

/** A session cookie for the org's owner, through Auth.js's own credentials callback. */
async function signIn(base: string, email: string): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie },
    body: new URLSearchParams({ csrfToken, email, password, redirectTo: "/dashboard" }),
  });
  const cookies = response.headers.getSetCookie().map((c) => c.split(";")[0] ?? "");
  if (!cookies.some((c) => c.includes("session-token"))) throw new Error("sign-in failed");
  return [csrfCookie, ...cookies].join("; ");
}

async function pageRun(label: string, extraEnv: Record<string, string>) {
  const app: ChildProcess = await startServer(
    "node_modules/.bin/next",
    ["start", "-p", String(APP_PORT), "-H", "127.0.0.1"],
    "Ready",
    { ...env, ...extraEnv },
  );
  try {
    const base = `http://127.0.0.1:${APP_PORT}`;
    const cookie = await signIn(base, email);
    await measure(`GET /dashboard, ${label}`, PAGE_REQUESTS, async () => {
      const response = await fetch(`${base}/dashboard`, { headers: { cookie } });
      if (response.status !== 200) throw new Error(`/dashboard answered ${response.status}`);
      await response.arrayBuffer();
    });
  } finally {
    process.kill(-app.pid!, "SIGTERM");
    await new Promise((resolve) => app.on("exit", resolve));
  }
}

console.log(`\n2. one dashboard page through next start (${PAGE_REQUESTS} sequential requests)\n`);
for (let round = 0; round < 2; round++) {
  await pageRun("PostHog not configured", {});
  await pageRun("PostHog configured", {
    POSTHOG_KEY: posthog.projectKey,
    POSTHOG_SECRET_KEY: posthog.secretKey,
    POSTHOG_HOST: posthog.url,
  });
}

await posthog.stop();
await dropDatabase(serverUrl, database).catch(() => undefined);
await embedded?.stop();
process.exit(0);
