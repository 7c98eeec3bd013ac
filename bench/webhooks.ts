// npm run bench:webhooks — webhook acknowledgement under load, Luneo vs a bare baseline, one run.
// Luneo runs as the production build (`next start`, job workers off: production runs them as
// `npm run worker`), the baseline as bench/baseline-server.ts; both on the same database server.
// Prints, as medians of BENCH_RUNS runs (default 3): req/s, p50, p99, errors at saturation (10
// connections, closed loop) and at 200 req/s open loop (each request timed from when it was due:
// bench/http-load.ts), for the bare baseline and the standalone receiver (one process each), and
// for the Next route handlers.
import { spawn, type ChildProcess } from "node:child_process";
import { startServer } from "./processes";
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import autocannon from "autocannon";
import twilio from "twilio";
import { createDatabase, dropDatabase, withDatabaseUrl } from "@/lib/db/admin";
import { ensureDatabase } from "../scripts/local-env";
import { endOfCallReport } from "../test/fixtures/vapi";
import { callStatusCallback } from "../test/fixtures/twilio";
import { sideCpuMs } from "./cpu-usage";
import { closedLoop, median, openLoop, percentile, type Prepared } from "./http-load";
import { prepareConnectedOrg } from "./setup";

const APP_PORT = 3210;
const BASELINE_PORT = 3211;
const RECEIVER_PORT = 3212;
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);

const { url: serverUrl, embedded } = await ensureDatabase();
const database = `luneo_bench_webhooks_${Date.now()}`;
await createDatabase(serverUrl, database);
const databaseUrl = withDatabaseUrl(serverUrl, database);
const { env, vapiSecret, authToken, vapiEndpoint, twilioEndpoint } = await prepareConnectedOrg(
  databaseUrl,
  APP_PORT,
  "bench",
);

// BENCH_TARGETS=receiver measures the baseline and the standalone receiver only (no Next build or
// server): the quick loop while working on the receiver. The published table uses all targets.
const withNext = process.env.BENCH_TARGETS !== "receiver";
if (withNext && !existsSync(".next/BUILD_ID")) {
  console.log("› building (no production build found)");
  const build = spawn("npx", ["next", "build"], { stdio: "inherit", env });
  await new Promise((resolve) => build.on("exit", resolve));
}

function start(
  command: string,
  args: string[],
  readyText: string,
  extraEnv: Record<string, string> = {},
): Promise<ChildProcess> {
  return startServer(command, args, readyText, { ...env, ...extraEnv });
}

const twilioPath = (endpoint: string) => `/api/webhooks/twilio/${endpoint}/status`;
const app = withNext
  ? await start(
      "node_modules/.bin/next",
      ["start", "-p", String(APP_PORT), "-H", "127.0.0.1"],
      "Ready",
    )
  : null;
// The same webhook code as its own node:http process (npm run webhooks). BENCH_CPU_PROF=<dir>
// writes its CPU profile there when it stops (node --cpu-prof), to see where a request's time goes.
const profile = process.env.BENCH_CPU_PROF;
const receiver = await start(
  "node_modules/.bin/tsx",
  [
    ...(profile ? ["--cpu-prof", `--cpu-prof-dir=${profile}`] : []),
    "--conditions=react-server",
    "scripts/webhook-server.ts",
  ],
  "listening",
  { WEBHOOKS_PORT: String(RECEIVER_PORT) },
);
const baselineTwilioUrl = `http://127.0.0.1:${BASELINE_PORT}/twilio`;
const baseline = await start(
  "npx",
  [
    "tsx",
    "bench/baseline-server.ts",
    String(BASELINE_PORT),
    databaseUrl,
    vapiSecret,
    authToken,
    baselineTwilioUrl,
  ],
  "listening",
);

// Every request is a new event (a fresh call id / CallSid), so neither side can take the
// cheap "already have it" path.
const vapiTemplate = endOfCallReport();
function vapiRequest() {
  const body = JSON.stringify({
    ...vapiTemplate,
    message: {
      ...vapiTemplate.message,
      call: { ...(vapiTemplate.message.call as object), id: randomUUID() },
    },
  });
  return {
    method: "POST" as const,
    body,
    headers: {
      "content-type": "application/json",
      "x-signature": createHmac("sha256", vapiSecret).update(body).digest("hex"),
    },
  };
}
function twilioRequest(publicUrl: string) {
  const params = callStatusCallback("completed", {
    CallSid: `CA${randomBytes(16).toString("hex")}`,
  });
  return {
    method: "POST" as const,
    body: new URLSearchParams(params).toString(),
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-twilio-signature": twilio.getExpectedTwilioSignature(authToken, publicUrl, params),
    },
  };
}

/** cpu: CPU ms per acknowledged request, of the server's processes and of its database backends. */
type Sample = {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  cpu?: number;
  dbCpu?: number;
};
type Row = { target: string; load: string; samples: Sample[] };
const rows: Row[] = [];
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const RATE = 200;

function record(target: string, load: string, sample: Sample) {
  let row = rows.find((r) => r.target === target && r.load === load);
  if (!row) rows.push((row = { target, load, samples: [] }));
  row.samples.push(sample);
}

// The baseline logs in as the owner, the receiver as luneo_app: their backends are told apart so.
const sides = {
  baseline: { server: () => baseline, backend: `: ${new URL(serverUrl).username} ${database} ` },
  receiver: { server: () => receiver, backend: `: luneo_app ${database} ` },
};

async function run(target: string, url: string, make: () => Prepared, open: boolean) {
  const side = sides[target.split(" ")[0] as keyof typeof sides];
  const cpuOf = () => side && sideCpuMs(side.server().pid!, side.backend);
  const before = cpuOf();
  const result = open
    ? await openLoop(url, make, { rate: RATE, seconds: DURATION })
    : await closedLoop(url, make, { connections: 10, seconds: DURATION });
  const after = cpuOf();
  const perRequest = (ms: number) => ms / Math.max(1, result.ok);
  record(target, open ? `${RATE} req/s open` : "saturation", {
    rps: result.ok / result.seconds,
    p50: percentile(result.latenciesMs, 50),
    p99: percentile(result.latenciesMs, 99),
    errors: result.errors,
    ...(before && after
      ? {
          cpu: perRequest(after.server - before.server),
          dbCpu: perRequest(after.database - before.database),
        }
      : {}),
  });
}

const vapiUrl = `http://127.0.0.1:${APP_PORT}/api/webhooks/vapi/${vapiEndpoint}`;
const twilioUrl = `http://127.0.0.1:${APP_PORT}${twilioPath(twilioEndpoint)}`;
// Twilio signs the public URL (the app's), as it would behind a load balancer.
const onReceiver = (url: string) => url.replace(`:${APP_PORT}`, `:${RECEIVER_PORT}`);
console.log(
  `› ${RUNS} runs of ${DURATION} s per measurement; VAPI end-of-call-report body ≈ ${(vapiRequest().body.length / 1024).toFixed(1)} kB`,
);
// Warm-up: compile paths and fill pools on every side.
for (const url of [
  ...(withNext ? [vapiUrl] : []),
  onReceiver(vapiUrl),
  `http://127.0.0.1:${BASELINE_PORT}/vapi`,
]) {
  await closedLoop(url, vapiRequest, { connections: 2, amount: 200 });
}

for (let i = 0; i < RUNS; i += 1) {
  // The framework's own floor: a route handler that touches nothing (GET /api/health).
  if (withNext) {
    const result = await autocannon({
      url: `http://127.0.0.1:${APP_PORT}/api/health`,
      connections: 10,
      duration: DURATION,
    });
    record("next /api/health", "saturation", {
      rps: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      errors: result.errors + result.non2xx,
    });
  }
  for (const open of [false, true]) {
    // One process on each side: the bare baseline and the receiver, back to back, the receiver
    // first on every other run: whichever goes second runs beside the autovacuum and checkpoint
    // work the first one's inserts started, so the order alternates rather than always costing
    // the same side.
    const pair = async (first: () => Promise<void>, second: () => Promise<void>) => {
      if (i % 2 === 0) await first().then(second);
      else await second().then(first);
    };
    await pair(
      () => run("baseline vapi", `http://127.0.0.1:${BASELINE_PORT}/vapi`, vapiRequest, open),
      () => run("receiver vapi", onReceiver(vapiUrl), vapiRequest, open),
    );
    await pair(
      () => run("baseline twilio", baselineTwilioUrl, () => twilioRequest(baselineTwilioUrl), open),
      () => run("receiver twilio", onReceiver(twilioUrl), () => twilioRequest(twilioUrl), open),
    );
    if (!withNext) continue;
    await run("next vapi", vapiUrl, vapiRequest, open);
    await run("next twilio", twilioUrl, () => twilioRequest(twilioUrl), open);
  }
}

const med = (row: Row, key: keyof Sample) => median(row.samples.map((s) => s[key] ?? NaN));
console.log(`\nmedians of ${RUNS} runs`);
console.log(
  "target            load              req/s     p50 ms   p99 ms   errors   CPU ms/req: server + database",
);
for (const r of rows) {
  const cpu =
    r.samples[0]?.cpu === undefined
      ? ""
      : `${med(r, "cpu").toFixed(3)} + ${med(r, "dbCpu").toFixed(3)}`;
  console.log(
    `${r.target.padEnd(17)} ${r.load.padEnd(16)} ${med(r, "rps").toFixed(0).padStart(6)}   ${med(r, "p50").toFixed(1).padStart(6)}   ${med(r, "p99").toFixed(1).padStart(6)}   ${String(r.samples.reduce((n, s) => n + s.errors, 0)).padStart(6)}   ${cpu}`,
  );
}
for (const provider of ["vapi", "twilio"]) {
  const find = (target: string) =>
    rows.find((r) => r.target === target && r.load === "saturation")!;
  const base = find(`baseline ${provider}`);
  for (const side of withNext ? ["receiver", "next"] : ["receiver"]) {
    const ours = find(`${side} ${provider}`);
    const ratios = ours.samples.map((s, i) => s.rps / base.samples[i]!.rps);
    console.log(
      `${provider}: ${side} / baseline saturation throughput = ${(100 * median(ratios)).toFixed(0)} % (runs: ${ratios.map((r) => (100 * r).toFixed(0)).join(", ")} %)`,
    );
  }
}

for (const child of [app, baseline, receiver]) if (child) process.kill(-child.pid!, "SIGTERM");
await new Promise((resolve) => setTimeout(resolve, 500));
await dropDatabase(serverUrl, database).catch(() => {});
await embedded?.stop();
process.exit(0);
