// npm run test:faults — webhook durability when PostgreSQL dies under load.
// A dedicated embedded PostgreSQL (its own data dir and port, wiped at start: killing it harms
// nothing else) serves the production build (`next start`). 20 senders post new events (VAPI
// status-update and end-of-call-report, Twilio status callbacks; every one a fresh key) for ~15 s;
// after 4 s the postmaster gets SIGKILL, 3 s later PostgreSQL is started again on the same data
// dir (crash recovery), and the load goes on 5 s more. Then every event that got no 2xx is
// delivered again, as a provider would, until it does; 3 s more of new events show whether the app
// is healthy again (FAULTS_PROBE_SECONDS). Finally the database is checked: every acknowledged event
// stored exactly once, each with exactly one job. Exits 1 otherwise. Never touches another server:
// refuses to run when its port (FAULTS_PG_PORT, default 54350) is already taken.
import { spawn, type ChildProcess } from "node:child_process";
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { createWriteStream, existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { rm } from "node:fs/promises";
import { createConnection } from "node:net";
import path from "node:path";
import { performance } from "node:perf_hooks";
import postgres from "postgres";
import twilio from "twilio";
import { closeDb } from "@/db";
import { createDatabase, withDatabaseUrl } from "@/lib/db/admin";
import { startEmbeddedPostgres, type EmbeddedServer } from "@/lib/db/embedded";
import { parseTwilioCallStatus } from "@/lib/webhooks/twilio-params";
import { parseVapiMessage } from "@/lib/webhooks/vapi-message";
import { callStatusCallback } from "../test/fixtures/twilio";
import { endOfCallReport, statusUpdate } from "../test/fixtures/vapi";
import { prepareConnectedOrg } from "./setup";

const PG_PORT = Number(process.env.FAULTS_PG_PORT ?? 54350);
const APP_PORT = Number(process.env.FAULTS_APP_PORT ?? 3220);
const DATA_DIR = path.resolve(".data/faults-pg");
const APP_LOG = path.resolve(".data/faults-next.log");
const DATABASE = "luneo_faults";
const SENDERS = 20;
const KILL_AFTER_MS = 4000;
const OUTAGE_MS = 3000;
const LOAD_AFTER_RESTART_MS = 5000;
/** An answer slower than this counts as a hang (the route promises a 503 within 2 s). */
const HANG_MS = 5000;
/** How long redelivery keeps trying, as a provider's retry schedule would (bounded). */
const REDELIVERY_BUDGET_MS = 30_000;
/** New events after recovery: is the app healthy again? */
const PROBE_MS = Number(process.env.FAULTS_PROBE_SECONDS ?? 3) * 1000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const t0 = performance.now();
const elapsed = () => ((performance.now() - t0) / 1000).toFixed(1).padStart(5);
const say = (line: string) => console.log(`[${elapsed()} s] ${line}`);

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    socket.once("connect", () => (socket.end(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

// ---- processes ------------------------------------------------------------------------------

/** The fields of /proc/<pid>/stat after the command name: [state, ppid, ...]; null when gone. */
function procStat(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return null;
  }
}
const running = (pid: number) => {
  const stat = procStat(pid);
  return stat !== null && stat[0] !== "Z";
};
function childrenOf(pid: number): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((candidate) => Number(procStat(candidate)?.[1]) === pid);
}
const postmasterPid = () =>
  Number(readFileSync(path.join(DATA_DIR, "postmaster.pid"), "utf8").split("\n")[0]);

const pgLog: string[] = [];
const onPgLog = (chunk: string) => {
  for (const line of chunk.split("\n")) if (line.trim()) pgLog.push(line.trim());
  if (pgLog.length > 400) pgLog.splice(0, pgLog.length - 400);
};

let server: EmbeddedServer | null = null;
let app: ChildProcess | null = null;
let verifySql: postgres.Sql | null = null;

async function stopApp() {
  const child = app;
  app = null;
  if (!child?.pid || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {}
  if (!(await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]))) {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {}
  }
}

async function stopPostgres() {
  const current = server;
  server = null;
  if (current) await Promise.race([current.stop(), sleep(10_000)]);
  // Whatever still runs on our data dir (e.g. after a failure between kill and restart).
  if (existsSync(path.join(DATA_DIR, "postmaster.pid"))) {
    const pid = postmasterPid();
    if (pid > 0 && running(pid)) {
      try {
        process.kill(pid, "SIGINT");
      } catch {}
    }
  }
}

async function cleanUp() {
  await verifySql?.end({ timeout: 2 }).catch(() => {});
  await closeDb().catch(() => {});
  await stopApp();
  await stopPostgres();
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: cleaning up`);
    void cleanUp().finally(() => process.exit(130));
  });
}

// ---- events -----------------------------------------------------------------------------------

type Outcome = number | "error" | "hang";
type Attempt = { at: number; ms: number; outcome: Outcome; redelivery: boolean };
type Event = {
  key: string;
  provider: "vapi" | "twilio";
  url: string;
  body: string;
  headers: Record<string, string>;
  attempts: Attempt[];
};
const events: Event[] = [];
const ok = (outcome: Outcome) => typeof outcome === "number" && outcome >= 200 && outcome < 300;
const acked = (event: Event) => event.attempts.some((a) => ok(a.outcome));

async function deliver(event: Event, redelivery: boolean): Promise<Outcome> {
  const start = performance.now();
  let outcome: Outcome;
  try {
    const response = await fetch(event.url, {
      method: "POST",
      body: event.body,
      headers: event.headers,
      signal: AbortSignal.timeout(HANG_MS),
    });
    await response.arrayBuffer();
    outcome = response.status;
  } catch (error) {
    outcome = (error as Error).name === "TimeoutError" ? "hang" : "error";
  }
  event.attempts.push({ at: start, ms: performance.now() - start, outcome, redelivery });
  return outcome;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

// ---- the run ----------------------------------------------------------------------------------

let exitCode = 1;
try {
  if (await portOpen(PG_PORT)) {
    throw new Error(
      `port ${PG_PORT} is already in use: this test kills the PostgreSQL it starts there, so it ` +
        `needs the port to itself (FAULTS_PG_PORT=… to pick another)`,
    );
  }
  if (await portOpen(APP_PORT)) throw new Error(`port ${APP_PORT} is already in use`);

  await rm(DATA_DIR, { recursive: true, force: true });
  say(`dedicated PostgreSQL in ${path.relative(process.cwd(), DATA_DIR)} on port ${PG_PORT}`);
  server = await startEmbeddedPostgres({ dataDir: DATA_DIR, port: PG_PORT, onLog: onPgLog });
  const serverUrl = server.url("postgres");
  await createDatabase(serverUrl, DATABASE);
  const databaseUrl = withDatabaseUrl(serverUrl, DATABASE);
  // The app logs in as luneo_app/luneo_system, which need a password on this server (set by the
  // migrate step in prepareConnectedOrg).
  process.env.DATABASE_ROLE_PASSWORD ??= randomBytes(18).toString("base64url");
  const { env, orgId, vapiSecret, authToken, vapiEndpoint, twilioEndpoint } =
    await prepareConnectedOrg(databaseUrl, APP_PORT, "faults");

  // FAULTS_TARGET=receiver sends the load to the standalone webhook receiver (`npm run webhooks`,
  // from the current source: no build) instead of the Next route handlers.
  const onReceiver = process.env.FAULTS_TARGET === "receiver";
  // Event keys are computed here from the current source, the server runs the build: both must
  // derive keys the same way.
  if (onReceiver) {
    // Nothing to build.
  } else if (existsSync(".next/BUILD_ID")) {
    const built = statSync(".next/BUILD_ID").mtimeMs;
    const newer = readdirSync("lib/webhooks").filter(
      (f) => !f.includes(".test.") && statSync(path.join("lib/webhooks", f)).mtimeMs > built,
    );
    if (newer.length) say(`warning: lib/webhooks/{${newer}} newer than the build (npm run build)`);
  } else {
    say("building (no production build found)");
    const build = spawn("npx", ["next", "build"], { stdio: "inherit", env });
    const code = await new Promise((resolve) => build.on("exit", resolve));
    if (code !== 0) throw new Error(`next build exited with ${code}`);
  }

  // Own process group (stopped with process.kill(-pid)); its output goes to a log file, since
  // every 503 of the outage is logged there.
  const appLog = createWriteStream(APP_LOG);
  const [command, args, readyText] = onReceiver
    ? [
        "node_modules/.bin/tsx",
        ["--conditions=react-server", "scripts/webhook-server.ts"],
        "listening",
      ]
    : ["node_modules/.bin/next", ["start", "-p", String(APP_PORT), "-H", "127.0.0.1"], "Ready"];
  app = await new Promise<ChildProcess>((resolve, reject) => {
    const child = spawn(command, args, {
      env: { ...env, WEBHOOKS_PORT: String(APP_PORT) },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    child.stderr!.pipe(appLog);
    child.stdout!.on("data", (chunk: Buffer) => {
      appLog.write(chunk);
      if (chunk.toString().includes(readyText)) resolve(child);
    });
    child.on("exit", (code) => reject(new Error(`${command} exited with ${code}`)));
  });
  say(
    `${onReceiver ? "webhook receiver" : "next start"} on 127.0.0.1:${APP_PORT} (log: ${path.relative(process.cwd(), APP_LOG)})`,
  );

  const vapiUrl = `http://127.0.0.1:${APP_PORT}/api/webhooks/vapi/${vapiEndpoint}`;
  const twilioPath = `/api/webhooks/twilio/${twilioEndpoint}/status`;
  const twilioUrl = `http://127.0.0.1:${APP_PORT}${twilioPath}`;
  const twilioPublicUrl = `${env.PUBLIC_URL}${twilioPath}`;
  const eocTemplate = endOfCallReport();

  /** A new event; its key is computed by the app's own parsers, as the route will. */
  function newEvent(n: number): Event {
    let event: Omit<Event, "key" | "attempts">;
    let parsed;
    if (n % 3 === 2) {
      const params = callStatusCallback("completed", {
        CallSid: `CA${randomBytes(16).toString("hex")}`,
      });
      parsed = parseTwilioCallStatus(params);
      event = {
        provider: "twilio",
        url: twilioUrl,
        body: new URLSearchParams(params).toString(),
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "x-twilio-signature": twilio.getExpectedTwilioSignature(
            authToken,
            twilioPublicUrl,
            params,
          ),
        },
      };
    } else {
      const callId = randomUUID();
      const message =
        n % 3 === 0
          ? statusUpdate("in-progress", { callId })
          : {
              ...eocTemplate,
              message: {
                ...eocTemplate.message,
                call: { ...(eocTemplate.message.call as object), id: callId },
              },
            };
      const body = JSON.stringify(message);
      parsed = parseVapiMessage(JSON.parse(body));
      event = {
        provider: "vapi",
        url: vapiUrl,
        body,
        headers: {
          "content-type": "application/json",
          "x-signature": createHmac("sha256", vapiSecret).update(body).digest("hex"),
        },
      };
    }
    if (!parsed.ok) throw new Error(`fixture does not parse: ${parsed.reason}`);
    const full: Event = { ...event, key: parsed.facts.eventKey, attempts: [] };
    events.push(full);
    return full;
  }

  // Warm-up: compiles nothing (production build) but fills the app's pools and starts its pg-boss.
  let sequence = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let i = 0; i < 15; i++) await deliver(newEvent(sequence++), false);
    }),
  );
  const warm = events.filter(acked).length;
  if (warm !== events.length) {
    throw new Error(`warm-up: only ${warm} of ${events.length} events acknowledged`);
  }
  say(`warm-up: ${warm} events acknowledged`);

  // Load: SENDERS loops, one new event per request, until told to stop.
  let loading = true;
  const loadStart = performance.now();
  const load = (until: () => boolean) =>
    Promise.all(
      Array.from({ length: SENDERS }, async () => {
        while (until()) await deliver(newEvent(sequence++), false);
      }),
    );
  const senders = load(() => loading);

  await sleep(KILL_AFTER_MS);
  const pm = postmasterPid();
  const orphans = childrenOf(pm);
  process.kill(pm, "SIGKILL");
  const killedAt = performance.now();
  server = null; // its stop() would wait for an exit that already happened
  say(`SIGKILL → postmaster ${pm} (${orphans.length} backends/auxiliaries left to die)`);

  await sleep(OUTAGE_MS);
  // The orphaned backends notice the postmaster's death and exit; a new postmaster refuses to
  // start while they still hold the old shared memory.
  const waitUntil = Date.now() + 10_000;
  while (orphans.some(running) && Date.now() < waitUntil) await sleep(50);
  const leftOver = orphans.filter(running);
  if (leftOver.length) throw new Error(`old postgres processes still alive: ${leftOver}`);
  const restartAt = performance.now();
  const logFrom = pgLog.length;
  for (let attempt = 1; ; attempt++) {
    try {
      server = await startEmbeddedPostgres({ dataDir: DATA_DIR, port: PG_PORT, onLog: onPgLog });
      break;
    } catch (error) {
      const tail = pgLog.slice(logFrom).slice(-5).join("\n  ");
      if (attempt === 3) throw new Error(`PostgreSQL did not restart: ${error ?? ""}\n  ${tail}`);
      say(`restart attempt ${attempt} failed:\n  ${tail}`);
      // Only once every old process is gone (checked above) is the lock file merely stale.
      await rm(path.join(DATA_DIR, "postmaster.pid"), { force: true });
      await sleep(300);
    }
  }
  const restartedAt = performance.now();
  const recovery = pgLog
    .slice(logFrom)
    .filter((line) => /was interrupted|redo (starts|done)|automatic recovery/.test(line))
    .map((line) => line.replace(/^.*?(LOG|FATAL|ERROR):\s+/, "").replace(/ system usage:.*/, ""));
  say(
    `PostgreSQL restarted in ${Math.round(restartedAt - restartAt)} ms, ` +
      `${Math.round(restartedAt - killedAt)} ms after the kill; ${recovery.join("; ") || "no recovery lines"}`,
  );

  await sleep(LOAD_AFTER_RESTART_MS);
  loading = false;
  await senders;
  const loadEnd = performance.now();
  const loadAttempts = events.flatMap((e) => e.attempts.filter((a) => a.at >= loadStart));
  say(
    `load: ${loadAttempts.length} events in ${((loadEnd - loadStart) / 1000).toFixed(1)} s ` +
      `by ${SENDERS} senders`,
  );

  verifySql = postgres(databaseUrl, { max: 2, onnotice: () => {} });
  const db = verifySql;
  const storedKeys = async () =>
    new Set(
      (
        await db<{ event_key: string }[]>`
        select event_key from webhook_events where org_id = ${orgId}`
      ).map((r) => r.event_key),
    );

  // Redelivery, as a provider retries: what got no 2xx is sent again, same body and headers,
  // until it gets one (bounded by REDELIVERY_BUDGET_MS).
  const redelivered = new Set<Event>();
  let storedBeforeRedelivery = 0;
  async function redeliver() {
    let queue = events.filter((e) => !acked(e));
    const present = await storedKeys();
    storedBeforeRedelivery += queue.filter((e) => present.has(e.key)).length;
    const giveUpAt = performance.now() + REDELIVERY_BUDGET_MS;
    for (let round = 1; queue.length && performance.now() < giveUpAt; round++) {
      if (round > 1) await sleep(1000);
      const pending = [...queue];
      await Promise.all(
        Array.from({ length: SENDERS }, async () => {
          for (let event = pending.shift(); event; event = pending.shift()) {
            redelivered.add(event);
            await deliver(event, true);
          }
        }),
      );
      queue = queue.filter((e) => !acked(e));
    }
    return queue.length;
  }
  let unacked = await redeliver();
  say(`redelivered ${redelivered.size} events; ${unacked} still unacknowledged`);

  // Is the app healthy again? More new events at the same concurrency, then their redelivery.
  const probeStart = performance.now();
  await load(() => performance.now() - probeStart < PROBE_MS);
  const probe = events.flatMap((e) =>
    e.attempts.filter((a) => !a.redelivery && a.at >= probeStart),
  );
  const probeFailed = probe.filter((a) => !ok(a.outcome));
  say(
    `after recovery: ${probe.length} new events in ${PROBE_MS / 1000} s, ${probeFailed.length} not ` +
      `acknowledged${
        probeFailed.length
          ? ` (answered in p50 ${Math.round(
              percentile(
                probeFailed.map((a) => a.ms),
                50,
              ),
            )} ms)`
          : ""
      }`,
  );
  if (probeFailed.length) {
    unacked = await redeliver();
    say(`redelivered ${redelivered.size} events in all; ${unacked} still unacknowledged`);
  }

  // Verification, as the superuser (no RLS): rows per event key, and whether the queue hands each
  // waiting event to a worker (the event is its own job, docs/adr/0019: one the claim cannot reach
  // would be acknowledged work never done). The claim is the worker's own, run once with no limit.
  const rows = await db<{ event_key: string; id: string; status: string }[]>`
    select event_key, id::text, status from webhook_events where org_id = ${orgId}`;
  const claimable = await db<{ id: string }[]>`
    select id::text from luneo_claim_inbox_events(1000000, 1000000, 60) where org_id = ${orgId}`;
  const claimed = new Set(claimable.map((row) => row.id));
  const rowsByKey = new Map<string, string[]>();
  for (const row of rows) {
    rowsByKey.set(row.event_key, [...(rowsByKey.get(row.event_key) ?? []), row.id]);
  }
  const sentKeys = new Set(events.map((e) => e.key));

  const ackedEvents = events.filter(acked);
  const stored = events.filter((e) => rowsByKey.has(e.key));
  const lost = ackedEvents.filter((e) => !rowsByKey.has(e.key));
  const duplicated = [...rowsByKey.values()].filter((ids) => ids.length > 1);
  const jobless = rows.filter((r) => r.status === "received" && !claimed.has(r.id));
  const strangers = rows.filter((r) => !sentKeys.has(r.event_key));

  // The outage as a provider sees it: from the kill to the first 2xx after the restart.
  const firstAttempts = events.flatMap((e) => e.attempts.filter((a) => !a.redelivery));
  const answeredAt = (a: Attempt) => a.at + a.ms;
  const backAt = Math.min(
    ...events
      .flatMap((e) => e.attempts.filter((a) => ok(a.outcome) && a.at >= restartedAt))
      .map(answeredAt),
  );
  const failed = firstAttempts.filter((a) => !ok(a.outcome) && a.at < probeStart);
  const fiveXx = failed.filter((a) => typeof a.outcome === "number" && a.outcome >= 500);
  const outcomes = new Map<string, number>();
  for (const a of failed)
    outcomes.set(String(a.outcome), (outcomes.get(String(a.outcome)) ?? 0) + 1);
  const ms = (list: Attempt[], p: number) =>
    Math.round(
      percentile(
        list.map((a) => a.ms),
        p,
      ),
    );
  const downFiveXx = fiveXx.filter((a) => a.at < restartedAt);
  const upFiveXx = fiveXx.filter((a) => a.at >= restartedAt);
  const okWhileDown = firstAttempts.filter(
    (a) => ok(a.outcome) && answeredAt(a) > killedAt && a.at < restartedAt,
  ).length;

  // Per second of load: 2xx/other.
  const timeline: string[] = [];
  for (let second = 0; loadStart + second * 1000 < loadEnd; second++) {
    const from = loadStart + second * 1000;
    const inSecond = firstAttempts.filter(
      (a) => answeredAt(a) >= from && answeredAt(a) < from + 1000,
    );
    const good = inSecond.filter((a) => ok(a.outcome)).length;
    const mark =
      from <= killedAt && killedAt < from + 1000
        ? "K"
        : from <= restartedAt && restartedAt < from + 1000
          ? "R"
          : "";
    timeline.push(`${mark}${good}/${inSecond.length - good}`);
  }
  const appLogText = existsSync(APP_LOG) ? readFileSync(APP_LOG, "utf8") : "";
  const uncaught = appLogText.match(/uncaughtException:.*/g) ?? [];

  console.log("");
  console.log(`answers per second of load, 2xx/other (K kill, R restart): ${timeline.join(" ")}`);
  console.log(
    `PostgreSQL down ${((restartedAt - killedAt) / 1000).toFixed(1)} s; webhooks failing ` +
      `${Number.isFinite(backAt) ? ((backAt - killedAt) / 1000).toFixed(1) : "—"} s (kill → first 2xx ` +
      `after the restart); ${okWhileDown} requests in flight at the kill still answered 2xx`,
  );
  console.log(
    `failed deliveries: ${failed.length} (${[...outcomes].map(([k, n]) => `${k}: ${n}`).join(", ") || "none"}); ` +
      `5xx answered in p50 ${ms(fiveXx, 50)} / p99 ${ms(fiveXx, 99)} / max ${ms(fiveXx, 100)} ms — ` +
      `while PostgreSQL was down ${downFiveXx.length} (p99 ${ms(downFiveXx, 99)} ms), ` +
      `after its restart ${upFiveXx.length} (p99 ${ms(upFiveXx, 99)} ms)`,
  );
  console.log(
    `${storedBeforeRedelivery} of the unacknowledged events were already stored before ` +
      `redelivery (committed after the deadline answered 503; redelivery added no row); ` +
      `rows matching no sent event ${strangers.length}; waiting events the claim hands out ${claimed.size}; ` +
      `uncaughtException in the app log ${uncaught.length}${uncaught.length ? ` (${uncaught[0]!.replace(/^uncaughtException:\s*/, "")})` : ""}`,
  );
  console.log(
    `acked ${ackedEvents.length} · stored ${stored.length} · lost ${lost.length} · ` +
      `duplicated ${duplicated.length} · jobless ${jobless.length} · ` +
      `5xx during outage ${fiveXx.length} (p99 answer ${ms(fiveXx, 99)} ms) · redelivered ${redelivered.size}`,
  );
  if (probeFailed.length) {
    console.warn(
      `WARN: ${probeFailed.length} of ${probe.length} new events still failed ` +
        `${((probeStart - restartedAt) / 1000).toFixed(0)} s after PostgreSQL was back`,
    );
  }

  const problems = [
    lost.length && `${lost.length} acknowledged events are missing (e.g. ${lost[0]!.key})`,
    duplicated.length && `${duplicated.length} event keys have more than one row`,
    jobless.length &&
      `${jobless.length} stored events wait where no worker can claim them (e.g. ${jobless[0]!.id})`,
    unacked && `${unacked} events never got a 2xx on redelivery`,
    strangers.length &&
      `${strangers.length} rows match no event that was sent (is the build older than ` +
        `lib/webhooks' event keys?)`,
    fiveXx.length === 0 && "no 5xx at all: the outage was not observed",
    outcomes.get("hang") && `${outcomes.get("hang")} requests hung (no answer in ${HANG_MS} ms)`,
  ].filter(Boolean);
  for (const problem of problems) console.error(`FAIL: ${problem}`);
  exitCode = problems.length ? 1 : 0;
  if (!problems.length) console.log("PASS");
} catch (error) {
  console.error(error);
  const tail = pgLog.slice(-10);
  if (tail.length) console.error(`last PostgreSQL log lines:\n  ${tail.join("\n  ")}`);
  exitCode = 1;
} finally {
  await cleanUp();
}
process.exit(exitCode);
