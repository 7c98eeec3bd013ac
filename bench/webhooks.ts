// npm run bench:webhooks — webhook acknowledgement under load, Luneo vs a bare baseline, one run.
// Luneo runs as the production build (`next start`, job workers off: production runs them as
// `npm run worker`), the baseline as bench/baseline-server.ts; both on the same database server.
// Prints req/s, p50, p99, errors for: saturation (10 connections, 10 s) and a fixed 200 req/s.
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

if (!existsSync(".next/BUILD_ID")) {
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
const app = await start(
  "node_modules/.bin/next",
  ["start", "-p", String(APP_PORT), "-H", "127.0.0.1"],
  "Ready",
);
// The same webhook code as its own node:http process (npm run webhooks).
const receiver = await start(
  "node_modules/.bin/tsx",
  ["--conditions=react-server", "scripts/webhook-server.ts"],
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

type Row = { target: string; load: string; rps: number; p50: number; p99: number; errors: number };
const rows: Row[] = [];
async function run(
  target: string,
  url: string,
  make: () => { method: "POST"; body: string; headers: Record<string, string> },
  rate?: number,
) {
  const result = await autocannon({
    url,
    connections: 10,
    duration: DURATION,
    ...(rate ? { overallRate: rate } : {}),
    requests: [{ setupRequest: (request) => ({ ...request, ...make() }) }],
  });
  rows.push({
    target,
    load: rate ? `${rate} req/s` : "saturation",
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  });
}

const vapiUrl = `http://127.0.0.1:${APP_PORT}/api/webhooks/vapi/${vapiEndpoint}`;
const twilioUrl = `http://127.0.0.1:${APP_PORT}${twilioPath(twilioEndpoint)}`;
console.log(
  `› ${DURATION} s per run; VAPI end-of-call-report body ≈ ${(vapiRequest().body.length / 1024).toFixed(1)} kB`,
);
// Warm-up: compile paths and fill pools on both sides.
await autocannon({
  url: vapiUrl,
  connections: 2,
  amount: 200,
  requests: [{ setupRequest: (r) => ({ ...r, ...vapiRequest() }) }],
});
await autocannon({
  url: `http://127.0.0.1:${BASELINE_PORT}/vapi`,
  connections: 2,
  amount: 200,
  requests: [{ setupRequest: (r) => ({ ...r, ...vapiRequest() }) }],
});

// The framework's own floor: a route handler that touches nothing (GET /api/health).
{
  const result = await autocannon({
    url: `http://127.0.0.1:${APP_PORT}/api/health`,
    connections: 10,
    duration: DURATION,
  });
  rows.push({
    target: "next /api/health",
    load: "saturation",
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  });
}
for (const rate of [undefined, 200]) {
  await run("baseline vapi", `http://127.0.0.1:${BASELINE_PORT}/vapi`, vapiRequest, rate);
  await run("luneo vapi", vapiUrl, vapiRequest, rate);
  await run("baseline twilio", baselineTwilioUrl, () => twilioRequest(baselineTwilioUrl), rate);
  await run(
    "luneo twilio",
    twilioUrl,
    () => twilioRequest(`http://127.0.0.1:${APP_PORT}${twilioPath(twilioEndpoint)}`),
    rate,
  );
  // Twilio signs the public URL (the app's), as it would behind a load balancer.
  const onReceiver = (url: string) => url.replace(`:${APP_PORT}`, `:${RECEIVER_PORT}`);
  await run("receiver vapi", onReceiver(vapiUrl), vapiRequest, rate);
  await run("receiver twilio", onReceiver(twilioUrl), () => twilioRequest(twilioUrl), rate);
}

console.log("\ntarget           load         req/s     p50 ms   p99 ms   errors");
for (const r of rows) {
  console.log(
    `${r.target.padEnd(16)} ${r.load.padEnd(12)} ${String(r.rps).padStart(6)}   ${String(r.p50).padStart(6)}   ${String(r.p99).padStart(6)}   ${r.errors}`,
  );
}
for (const provider of ["vapi", "twilio"]) {
  const base = rows.find((r) => r.target === `baseline ${provider}` && r.load === "saturation")!;
  for (const side of ["luneo", "receiver"]) {
    const ours = rows.find((r) => r.target === `${side} ${provider}` && r.load === "saturation")!;
    console.log(
      `${provider}: ${side} / baseline throughput = ${((100 * ours.rps) / base.rps).toFixed(0)} %`,
    );
  }
}

for (const child of [app, baseline, receiver]) process.kill(-child.pid!, "SIGTERM");
await new Promise((resolve) => setTimeout(resolve, 500));
await dropDatabase(serverUrl, database).catch(() => {});
await embedded?.stop();
process.exit(0);
