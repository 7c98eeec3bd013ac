// npm run bench:assistant — VAPI's assistant-request under load. It is the one webhook answered
// with content the call waits for (the org's agent configuration: greeting, hours, knowledge…),
// so its latency is heard: the budget is p99 < 300 ms. One org with the real-estate vertical
// selected and its greeting customized, a few hundred contacts; callers alternate between known
// and unknown numbers, every request is a new call. An org with the vertical but no Assistant ID is
// answered with a whole transient assistant ("transient"). Beside it, for comparison, an org without a
// vertical (answered as before: caller variables only). Servers: the standalone receiver
// (`npm run webhooks`, same code as the Next route) and, when a production build exists,
// `next start` (never built here). Prints req/s, p50, p90, p99, errors, non-2xx and CPU per
// request for each target at 50 req/s (evenly spaced, and autocannon's fixed rate) and at
// saturation (autocannon, 10 connections), and checks every answer is the org's own.
import type { ChildProcess } from "node:child_process";
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import autocannon from "autocannon";
import postgres from "postgres";
import { closeDb } from "@/db";
import { contactIdentities, contactMemory, contacts } from "@/db/schema";
import { getChannels } from "@/lib/channels/queries";
import { saveVapiConnection } from "@/lib/channels/service";
import { createDatabase, dropDatabase, withDatabaseUrl } from "@/lib/db/admin";
import { withTenant } from "@/lib/db/scopes";
import { resolveUserContext } from "@/lib/tenancy/context";
import { signUp } from "@/lib/tenancy/sign-up";
import { editVerticalConfig, selectVertical } from "@/lib/verticals/service";
import { ensureDatabase } from "../scripts/local-env";
import { assistantRequest, type VapiIds } from "../test/fixtures/vapi";
import { prepareConnectedOrg } from "./setup";
import { startServer } from "./processes";

const APP_PORT = Number(process.env.BENCH_APP_PORT ?? 3230);
const RECEIVER_PORT = Number(process.env.BENCH_RECEIVER_PORT ?? 3231);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const RATE = 50;
const CONTACTS = 300;
const ORG = "bench-assistant";
const GREETING = `Welcome to ${ORG}!`;
// The fixtures type their numbers as literals; the bench varies the caller.
const callFrom = (customerNumber: string) =>
  assistantRequest({
    callId: randomUUID(),
    customerNumber: customerNumber as VapiIds["customerNumber"],
  });

const { url: serverUrl, embedded } = await ensureDatabase();
const database = `luneo_bench_assistant_${Date.now()}`;
await createDatabase(serverUrl, database);
const databaseUrl = withDatabaseUrl(serverUrl, database);
const children: ChildProcess[] = [];
let monitor: postgres.Sql | undefined;
let failed = false;

async function cleanUp() {
  // Each child leads its own process group: this stops what npx/tsx/next started under it too.
  for (const child of children) {
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      // already gone
    }
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
  await monitor?.end({ timeout: 1 });
  await closeDb();
  await dropDatabase(serverUrl, database).catch((error) =>
    console.error(`could not drop ${database}: ${(error as Error).message}`),
  );
  await embedded?.stop();
}

// The servers run in their own process groups, out of reach of the terminal's Ctrl-C.
process.once("SIGINT", () => void cleanUp().finally(() => process.exit(130)));

try {
  const { env, ctx, vapiSecret, vapiEndpoint } = await prepareConnectedOrg(
    databaseUrl,
    APP_PORT,
    ORG,
    { assistantId: "asst_bench" },
  );
  await selectVertical(ctx, { slug: "real-estate" });
  await editVerticalConfig(
    ctx,
    { agent: { greeting: "Welcome to {{businessName}}!" } },
    { action: "verticals.customized", sections: ["agent"] },
  );
  // For comparison, an org that has not chosen a vertical: answered as before verticals existed.
  const plain = await signUp({
    name: "bench-plain",
    email: `bench-plain-${Date.now()}@luneo.dev`,
    password: "bench-plain-password-123",
    orgName: "bench-plain",
  });
  const plainCtx = (await resolveUserContext(plain.userId, plain.orgId))!.ctx;
  const plainSecret = randomBytes(24).toString("hex");
  await saveVapiConnection(plainCtx, {
    authMode: "hmac",
    secret: plainSecret,
    signatureHeader: "x-signature",
    timestampHeader: null,
    assistantId: "asst_bench",
    sipAddress: null,
  });
  const plainEndpoint = (await getChannels(plainCtx)).vapi!.endpointId;
  // And one with the vertical but no Assistant ID: answered with a whole transient assistant.
  const whole = await signUp({
    name: "bench-transient",
    email: `bench-transient-${Date.now()}@luneo.dev`,
    password: "bench-transient-password-123",
    orgName: "bench-transient",
  });
  const wholeCtx = (await resolveUserContext(whole.userId, whole.orgId))!.ctx;
  const wholeSecret = randomBytes(24).toString("hex");
  await saveVapiConnection(wholeCtx, {
    authMode: "hmac",
    secret: wholeSecret,
    signatureHeader: "x-signature",
    timestampHeader: null,
    assistantId: null,
    sipAddress: null,
  });
  await selectVertical(wholeCtx, { slug: "real-estate" });
  const wholeEndpoint = (await getChannels(wholeCtx)).vapi!.endpointId;

  // Known callers: +1 650 481 0000 … 0299. Unknown: 0300 … 0599. Same contacts in both orgs.
  const number = (i: number) => `+1650481${String(i).padStart(4, "0")}`;
  // Each known caller has its phone identity (how calls find contacts) and a remembered brief, so
  // the answer carries the caller's memory as in production.
  for (const owner of [ctx, plainCtx, wholeCtx]) {
    await withTenant(owner, async (tx) => {
      const rows = await tx
        .insert(contacts)
        .values(
          Array.from({ length: CONTACTS }, (_, i) => ({
            orgId: owner.org.id,
            phoneE164: number(i),
            name: `Caller ${i}`,
            lastInteractionAt: new Date(Date.UTC(2026, 10, 1) + i * 3_600_000),
          })),
        )
        .returning({ id: contacts.id, phone: contacts.phoneE164 });
      await tx.insert(contactIdentities).values(
        rows.map((r) => ({
          orgId: owner.org.id,
          kind: "phone" as const,
          value: r.phone!,
          contactId: r.id,
        })),
      );
      await tx.insert(contactMemory).values(
        rows.map((r, i) => ({
          orgId: owner.org.id,
          contactId: r.id,
          summary: `Caller ${i} is looking for a two-bedroom flat near the harbour.`,
          agentBrief: {
            customerName: `Caller ${i}`,
            customerSummary: `Looking for a two-bedroom flat near the harbour; budget around ${300 + i}k.`,
            customerOpenItems: "Send the brochure for 12 Quay Street",
            customerFacts: `budget: ${300 + i}000; area: Harbour`,
          },
        })),
      );
    });
  }
  await closeDb();

  async function start(
    command: string,
    args: string[],
    readyText: string,
    extraEnv: Record<string, string> = {},
  ): Promise<ChildProcess> {
    const child = await startServer(command, args, readyText, { ...env, ...extraEnv });
    children.push(child);
    return child;
  }

  const servers: { name: string; origin: string; pid: number }[] = [];
  const receiver = await start(
    "node_modules/.bin/tsx",
    ["--conditions=react-server", "scripts/webhook-server.ts"],
    "listening",
    { WEBHOOKS_PORT: String(RECEIVER_PORT) },
  );
  servers.push({
    name: "receiver",
    origin: `http://127.0.0.1:${RECEIVER_PORT}`,
    pid: receiver.pid!,
  });
  if (existsSync(".next/BUILD_ID")) {
    const built = statSync(".next/BUILD_ID").mtimeMs;
    const newest = Math.max(
      ...["lib/verticals/assistant-overrides.ts", "lib/webhooks/vapi-adapter.ts"].map(
        (f) => statSync(f).mtimeMs,
      ),
    );
    console.log(`› next start on the build of ${new Date(built).toISOString()}`);
    if (built < newest) {
      console.log("› note: .next predates the assistant-request code; its answers may be old");
    }
    const next = await start(
      "node_modules/.bin/next",
      ["start", "-p", String(APP_PORT), "-H", "127.0.0.1"],
      "Ready",
    );
    servers.push({ name: "next start", origin: `http://127.0.0.1:${APP_PORT}`, pid: next.pid! });
  } else {
    console.log("› no production build (.next/BUILD_ID): next start skipped (this never builds)");
  }

  type Org = {
    name: string;
    endpoint: string;
    secret: string;
    /** Whether a 2xx answer body is the one this org must get. */
    rightAnswer: (body: string) => boolean;
  };
  const orgs: Org[] = [
    {
      name: "vertical",
      endpoint: vapiEndpoint,
      secret: vapiSecret,
      rightAnswer: (body) => body.includes(`"firstMessage":"${GREETING}`),
    },
    {
      name: "no vertical",
      endpoint: plainEndpoint,
      secret: plainSecret,
      rightAnswer: (body) =>
        body.includes('"businessName":"bench-plain"') && !body.includes("firstMessage"),
    },
    {
      name: "transient",
      endpoint: wholeEndpoint,
      secret: wholeSecret,
      rightAnswer: (body) =>
        body.includes('"assistant":{') &&
        body.includes('"businessName":"bench-transient"') &&
        !body.includes('"assistantId"'),
    },
  ];

  // Every request is a new call; the caller is one of the contacts every other request.
  let sent = 0;
  function signed(org: Org, caller: string) {
    const body = JSON.stringify(callFrom(caller));
    return {
      method: "POST" as const,
      body,
      headers: {
        "content-type": "application/json",
        "x-signature": createHmac("sha256", org.secret).update(body).digest("hex"),
      },
    };
  }
  function request(org: Org) {
    const i = sent++;
    return signed(org, number((i % 2) * CONTACTS + (Math.floor(i / 2) % CONTACTS)));
  }

  // A sample answer per server and org, for a known and an unknown caller.
  for (const server of servers) {
    for (const org of orgs) {
      for (const [caller, known] of [
        [number(7), true],
        [number(CONTACTS + 7), false],
      ] as const) {
        const response = await fetch(
          `${server.origin}/api/webhooks/vapi/${org.endpoint}`,
          signed(org, caller),
        );
        const text = await response.text();
        const answer = response.ok ? JSON.parse(text) : null;
        const overrides = answer?.assistantOverrides;
        const ok =
          response.status === 200 &&
          (org.name === "transient"
            ? answer.assistant?.model?.messages?.length === 1
            : answer.assistantId === "asst_bench") &&
          org.rightAnswer(text) &&
          overrides.variableValues?.customerKnown === known &&
          overrides.variableValues?.customerName === (known ? "Caller 7" : "");
        if (!ok) failed = true;
        console.log(
          `› sample ${server.name} · ${org.name}, ${known ? "known" : "unknown"} caller: ` +
            `${ok ? "OK" : "WRONG"} (${response.status}, ${(text.length / 1024).toFixed(1)} kB)` +
            ((overrides?.firstMessage ?? answer?.assistant?.firstMessage)
              ? ` firstMessage=${JSON.stringify((overrides?.firstMessage ?? answer.assistant.firstMessage).slice(0, 60))}…`
              : ""),
        );
      }
    }
  }

  // Where the CPU goes (Linux /proc, CLK_TCK 100): the server's process group, and the PostgreSQL
  // backends of the webhook pool (application_name luneo-webhooks). The client (autocannon, this
  // process) shares the same cores.
  monitor = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  /** CPU ms used so far by each process `keep` selects. */
  function cpuByPid(keep: (pid: number, pgrp: number) => boolean): Map<number, number> {
    const used = new Map<number, number>();
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      } catch {
        continue; // exited meanwhile
      }
      // After "(comm) ": state, ppid, pgrp, … utime (field 14), stime (field 15).
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const pid = Number(entry);
      if (keep(pid, Number(fields[2])))
        used.set(pid, (Number(fields[11]) + Number(fields[12])) * 10);
    }
    return used;
  }
  const onLinux = existsSync("/proc/self/stat");
  type CpuSnapshot = { server: Map<number, number>; db: Map<number, number>; client: number };
  async function cpuSnapshot(serverPid: number): Promise<CpuSnapshot | null> {
    if (!onLinux) return null;
    const backends = new Set(
      (
        await monitor!<{ pid: number }[]>`
          select pid from pg_stat_activity
           where datname = ${database} and application_name = 'luneo-webhooks'`
      ).map((r) => r.pid),
    );
    const client = process.cpuUsage();
    return {
      server: cpuByPid((_, pgrp) => pgrp === serverPid),
      db: cpuByPid((pid) => backends.has(pid)),
      client: (client.user + client.system) / 1000,
    };
  }
  /** CPU ms per request between two snapshots (a process that ended between them is missed). */
  function cpuPerRequest(before: CpuSnapshot | null, after: CpuSnapshot | null, requests: number) {
    if (!before || !after || requests === 0) return null;
    const spent = (k: "server" | "db") =>
      [...after[k]].reduce((sum, [pid, ms]) => sum + ms - (before[k].get(pid) ?? 0), 0);
    return {
      server: spent("server") / requests,
      db: spent("db") / requests,
      client: (after.client - before.client) / requests,
    };
  }

  type Row = {
    target: string;
    load: string;
    rps: number;
    p50: number;
    p90: number;
    p99: number;
    errors: number;
    non2xx: number;
    /** 2xx answers that are not the org's (greeting missing, or another org's). */
    wrong: number;
    /** CPU ms per request: server process group, its PostgreSQL backends, the load client. */
    cpu: { server: number; db: number; client: number } | null;
  };
  const rows: Row[] = [];
  async function run(server: (typeof servers)[number], org: Org, rate?: number) {
    let wrong = 0;
    const before = await cpuSnapshot(server.pid);
    const result = await autocannon({
      url: `${server.origin}/api/webhooks/vapi/${org.endpoint}`,
      connections: 10,
      duration: DURATION,
      // autocannon's fixed rate gives each connection its share of the second (here 5) at the
      // start of every second, and then "corrects for coordinated omission" with an expected
      // interval of ceil(1 / rate) = 1 ms instead of 1000 / rate ms, which records a t ms response
      // as t samples (t, t-1 … 1): latencies weighted by themselves. Raw latencies instead.
      ...(rate ? { overallRate: rate, ignoreCoordinatedOmission: true } : {}),
      requests: [
        {
          setupRequest: (r) => ({ ...r, ...request(org) }),
          onResponse: (status, body) => {
            if (status < 300 && !org.rightAnswer(body)) wrong++;
          },
        },
      ],
    });
    rows.push({
      target: `${server.name} · ${org.name}`,
      load: rate ? `${rate}/s bursts` : "saturation",
      rps: Math.round(result.requests.average),
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      errors: result.errors + result.timeouts,
      non2xx: result.non2xx,
      wrong,
      cpu: cpuPerRequest(before, await cpuSnapshot(server.pid), result.requests.total),
    });
  }

  // The same rate evenly spaced (one request every 1000 / rate ms, open loop, on fetch's keep-alive
  // pool), as calls actually arrive; latency counted from when the request was due.
  async function runEven(server: (typeof servers)[number], org: Org, rate: number) {
    const url = `${server.origin}/api/webhooks/vapi/${org.endpoint}`;
    const latencies: number[] = [];
    let errors = 0;
    let non2xx = 0;
    let wrong = 0;
    const before = await cpuSnapshot(server.pid);
    const started = performance.now();
    const pending: Promise<void>[] = [];
    for (let i = 0; i < rate * DURATION; i++) {
      const due = started + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      pending.push(
        (async () => {
          try {
            const response = await fetch(url, request(org));
            const body = await response.text();
            latencies.push(performance.now() - due);
            if (!response.ok) non2xx++;
            else if (!org.rightAnswer(body)) wrong++;
          } catch {
            errors++;
          }
        })(),
      );
    }
    await Promise.all(pending);
    const seconds = (performance.now() - started) / 1000;
    const after = await cpuSnapshot(server.pid);
    latencies.sort((x, y) => x - y);
    const at = (q: number) => Math.round(latencies[Math.ceil(q * latencies.length) - 1] ?? NaN);
    const total = latencies.length + errors;
    rows.push({
      target: `${server.name} · ${org.name}`,
      load: `${rate}/s even`,
      rps: Math.round(total / seconds),
      p50: at(0.5),
      p90: at(0.9),
      p99: at(0.99),
      errors,
      non2xx,
      wrong,
      cpu: cpuPerRequest(before, after, total),
    });
  }

  console.log(`› ${DURATION} s per run, autocannon with 10 connections`);
  for (const server of servers) {
    for (const org of orgs) {
      // Warm-up: compile paths, fill the pools.
      await autocannon({
        url: `${server.origin}/api/webhooks/vapi/${org.endpoint}`,
        connections: 2,
        amount: 200,
        requests: [{ setupRequest: (r) => ({ ...r, ...request(org) }) }],
      });
    }
    for (const org of orgs) await runEven(server, org, RATE);
    for (const rate of [RATE, undefined]) {
      for (const org of orgs) await run(server, org, rate);
    }
  }

  console.log(
    "\ntarget                    load          req/s   p50 ms   p90 ms   p99 ms   errors   non-2xx   wrong" +
      "   CPU ms/req: server  db  client",
  );
  for (const r of rows) {
    console.log(
      [
        r.target.padEnd(25),
        r.load.padEnd(10),
        String(r.rps).padStart(8),
        ...[r.p50, r.p90, r.p99].map((v) => String(v).padStart(8)),
        String(r.errors).padStart(8),
        String(r.non2xx).padStart(9),
        String(r.wrong).padStart(7),
        r.cpu
          ? `                  ${r.cpu.server.toFixed(2)}  ${r.cpu.db.toFixed(2)}  ${r.cpu.client.toFixed(2)}`
          : "",
      ].join(" "),
    );
    if (r.errors + r.non2xx + r.wrong > 0) failed = true;
  }
  const worst = Math.max(...rows.filter((r) => r.load !== "saturation").map((r) => r.p99));
  console.log(
    `\np99 at ${RATE} req/s, worst target: ${worst} ms (budget < 300 ms) — ${worst < 300 ? "OK" : "OVER"}`,
  );
  if (worst >= 300) failed = true;
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  await cleanUp();
}
process.exit(failed ? 1 : 0);
