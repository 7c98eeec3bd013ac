// npm run bench:ingest — how fast stored webhook events are processed, and how fair processing is
// between orgs, with the processes production runs: the receiver (`npm run webhooks`) takes signed
// VAPI webhooks through the real route code, job workers (`npm run worker`, WORKERS of them,
// default 1) process them. Prints:
//   1. small events: 2,000 status-updates (500 calls × 4) stored, then the workers start: events
//      processed per second until the last is done;
//   2. end-of-call-reports (21 kB, one per call): the same;
//   3. fairness: org A sends a 2,000-event burst as fast as the receiver takes it while org B
//      sends one event every 100 ms; the delay from receipt to processed for B's events (p50, p99,
//      max) and when A's last event was done.
// Only public entry points are used (HTTP, the npm scripts, webhook_events), so the same file
// measures an older commit for a before/after.
import { createHmac, randomUUID } from "node:crypto";
import { spawn, type ChildProcess } from "node:child_process";
import postgres from "postgres";
import { createDatabase, dropDatabase, withDatabaseUrl } from "@/lib/db/admin";
import { ensureDatabase } from "../scripts/local-env";
import { endOfCallReport, statusUpdate, type VapiIds } from "../test/fixtures/vapi";
import { closedLoop, percentile, type Prepared } from "./http-load";
import { startServer } from "./processes";
import { prepareConnectedOrg } from "./setup";

const RECEIVER_PORT = Number(process.env.BENCH_RECEIVER_PORT ?? 3213);
const WORKERS = Number(process.env.WORKERS ?? 1);
const SMALL = Number(process.env.BENCH_SMALL ?? 2000);
const LARGE = Number(process.env.BENCH_LARGE ?? 500);

const { url: serverUrl, embedded } = await ensureDatabase();
const database = `luneo_bench_ingest_${Date.now()}`;
await createDatabase(serverUrl, database);
const databaseUrl = withDatabaseUrl(serverUrl, database);
const a = await prepareConnectedOrg(databaseUrl, 3210, "ingest-a");
const b = await prepareConnectedOrg(databaseUrl, 3210, "ingest-b", { sameEnvAs: a.env });
const env = { ...a.env, LOG_LEVEL: "error" };
const sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });

const receiver = await startServer(
  "node_modules/.bin/tsx",
  ["--conditions=react-server", "scripts/webhook-server.ts"],
  "listening",
  { ...env, WEBHOOKS_PORT: String(RECEIVER_PORT) },
);

// Workers print nothing when ready: rates are read from the processed_at of the events instead.
// BENCH_PROF_DIR=<dir>: each worker writes a CPU profile there (node --cpu-prof) when it stops.
function startWorkers(): ChildProcess[] {
  return Array.from({ length: WORKERS }, () =>
    spawn(
      "node_modules/.bin/tsx",
      [
        ...(process.env.BENCH_PROF_DIR
          ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROF_DIR}`]
          : []),
        "--conditions=react-server",
        "scripts/worker.ts",
      ],
      {
        env,
        stdio: ["ignore", "ignore", "inherit"],
        detached: true,
      },
    ),
  );
}
function stop(children: ChildProcess[]) {
  for (const child of children) process.kill(-child.pid!, "SIGTERM");
  return new Promise((resolve) => setTimeout(resolve, 1500));
}

type Org = { vapiEndpoint: string; vapiSecret: string; orgId: string };
const urlOf = (org: Org) =>
  `http://127.0.0.1:${RECEIVER_PORT}/api/webhooks/vapi/${org.vapiEndpoint}`;
function signed(org: Org, body: unknown): Prepared {
  const raw = JSON.stringify(body);
  return {
    body: raw,
    headers: {
      "content-type": "application/json",
      "x-signature": createHmac("sha256", org.vapiSecret).update(raw).digest("hex"),
    },
  };
}
// Every call from its own caller (the fixtures' ids are typed as their one example value).
const phone = (n: number) =>
  `+1415555${String(1000 + (n % 9000)).padStart(4, "0")}` as VapiIds["customerNumber"];
// Each call with its own Twilio CallSid too (the fixtures' default is one for every call, which
// would make every event one call's).
const callSid = (n: number) => `CA${String(n).padStart(32, "0")}` as VapiIds["callSid"];
// A call's status-updates as VAPI sends them (one per status: their event key is call + status).
const STATUSES = ["queued", "ringing", "in-progress", "ended"] as const;
/** `count` status-updates, four per call, every call from its own caller. */
function smallEvents(org: Org, count: number, salt = 0): Prepared[] {
  return Array.from({ length: count }, (_, i) => {
    const call = salt * 100_000 + Math.floor(i / STATUSES.length);
    return signed(
      org,
      statusUpdate(STATUSES[i % STATUSES.length]!, {
        callId: `00000000-0000-4000-8000-${String(call).padStart(12, "0")}`,
        callSid: callSid(call),
        customerNumber: phone(call),
      }),
    );
  });
}
function largeEvents(org: Org, count: number): Prepared[] {
  return Array.from({ length: count }, (_, i) =>
    signed(
      org,
      endOfCallReport({
        callId: randomUUID(),
        callSid: callSid(900_000 + i),
        customerNumber: phone(5000 + i),
      }),
    ),
  );
}

async function send(org: Org, requests: Prepared[], connections = 16) {
  let next = 0;
  const result = await closedLoop(urlOf(org), () => requests[next++]!, {
    connections,
    amount: requests.length,
  });
  if (result.errors > 0) throw new Error(`${result.errors} requests were not acknowledged`);
  return result;
}

async function processedCount(orgId: string): Promise<number> {
  const [row] = await sql<{ n: number }[]>`
    select count(*)::int as n from webhook_events where org_id = ${orgId} and status = 'processed'`;
  return row!.n;
}
async function waitProcessed(orgId: string, total: number, timeoutS = 1800): Promise<number> {
  const start = performance.now();
  while ((await processedCount(orgId)) < total) {
    if (performance.now() - start > timeoutS * 1000) throw new Error("processing timed out");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return (performance.now() - start) / 1000;
}

/** Seconds from the first to the last processing of the org's events after the first `skip`. */
async function processingSpan(orgId: string, skip: number): Promise<number> {
  const [row] = await sql<{ s: number }[]>`
    select extract(epoch from max(processed_at) - min(processed_at))::float as s from (
      select processed_at from webhook_events where org_id = ${orgId} and status = 'processed'
       order by processed_at offset ${skip}) p`;
  return Number(row!.s);
}

const lines: string[] = [];
const say = (line: string) => {
  lines.push(line);
  console.log(line);
};

// 1 and 2: a stored backlog, then the workers.
for (const [label, requests, count] of [
  ["status-update (small)", smallEvents(a, SMALL), SMALL],
  ["end-of-call-report (21 kB)", largeEvents(a, LARGE), LARGE],
] as const) {
  const before = await processedCount(a.orgId);
  await send(a, requests as Prepared[]);
  const workers = startWorkers();
  await waitProcessed(a.orgId, before + count);
  await stop(workers);
  const seconds = await processingSpan(a.orgId, before);
  say(
    `${label.padEnd(28)} ${String(count).padStart(5)} events   ${(count / seconds).toFixed(0).padStart(5)} events/s processed   (${seconds.toFixed(1)} s, ${WORKERS} worker process${WORKERS > 1 ? "es" : ""})`,
  );
}

// 3: fairness during a burst.
{
  const workers = startWorkers();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const beforeA = await processedCount(a.orgId);
  const burstStart = performance.now();
  let bursting = true;
  const burst = send(a, smallEvents(a, SMALL, 1)).finally(() => (bursting = false));
  let sentB = 0;
  const quiet = (async () => {
    while (bursting) {
      await send(b, smallEvents(b, 1, 2 + sentB), 1);
      sentB += 1;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  const ack = await burst;
  await quiet;
  const drainA = await waitProcessed(a.orgId, beforeA + SMALL);
  await waitProcessed(b.orgId, sentB, 600);
  const delays = await sql<{ ms: number }[]>`
    select extract(epoch from processed_at - received_at) * 1000 as ms
      from webhook_events where org_id = ${b.orgId} and status = 'processed'`;
  const ms = delays.map((d) => Number(d.ms));
  const total = (performance.now() - burstStart) / 1000;
  await stop(workers);
  say(
    `fairness: A's ${SMALL}-event burst acknowledged in ${ack.seconds.toFixed(1)} s, all processed ${total.toFixed(1)} s after it began (drain after ack ${drainA.toFixed(1)} s)`,
  );
  say(
    `fairness: B's ${sentB} events during the burst, receipt → processed: p50 ${percentile(ms, 50).toFixed(0)} ms, p99 ${percentile(ms, 99).toFixed(0)} ms, max ${Math.max(...ms).toFixed(0)} ms`,
  );
}

console.log("\n" + lines.join("\n"));
await stop([receiver]);
await sql.end();
await dropDatabase(serverUrl, database).catch(() => {});
await embedded?.stop();
process.exit(0);
