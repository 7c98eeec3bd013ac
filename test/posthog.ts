import { createHash, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";

// A local PostHog that speaks its wire format, for lib/flags and lib/analytics:
//   GET  /flags/definitions?token=…   (and the older /api/feature_flag/local_evaluation) — the
//        flag definitions for local evaluation, `Authorization: Bearer <secret key>`;
//   POST /flags/?v=2                  — remote evaluation for one distinct id and its groups;
//   POST /batch/                      — event batches (gzip or plain JSON), kept in `batches`.
// Its own evaluation uses PostHog's bucketing, written here from PostHog's description rather than
// taken from posthog-node, so a test can hold the client's local answers against it.

export type StandInFlag = {
  key: string;
  /** Percentage of orgs (group `organization`) that get the flag; 100 = all. */
  rollout: number;
  /** PostHog's "enabled" switch on the flag: false turns it off everywhere (the kill switch). */
  active?: boolean;
};

export type ReceivedEvent = {
  event: string;
  distinct_id: string;
  properties: Record<string, unknown>;
  [key: string]: unknown;
};

export type TestPostHog = {
  url: string;
  projectKey: string;
  secretKey: string;
  setFlags: (flags: StandInFlag[]) => void;
  /** up: answers; down: drops every connection; slow: holds every answer until `answerHeld()`. */
  setMode: (mode: "up" | "down" | "slow") => void;
  /** Requests held in slow mode, not answered yet. */
  held: () => number;
  /** Answers the requests held in slow mode (as if PostHog finally answered). */
  answerHeld: () => void;
  definitionRequests: () => number;
  /** Every /batch/ body received, decoded, as the raw JSON text PostHog would store. */
  rawBatches: string[];
  events: () => ReceivedEvent[];
  stop: () => Promise<void>;
};

const LONG_SCALE = 0xfffffffffffffff;

/** PostHog's bucket for a flag and an identifier: sha1 of `${flagKey}.${id}` scaled to [0, 1]. */
export function postHogBucket(flagKey: string, id: string): number {
  const hex = createHash("sha1").update(`${flagKey}.${id}`).digest("hex");
  return parseInt(hex.slice(0, 15), 16) / LONG_SCALE;
}

/** Whether PostHog gives the flag to the org at `rollout` percent. */
export const inRollout = (flagKey: string, orgId: string, rollout: number) =>
  postHogBucket(flagKey, orgId) <= rollout / 100;

function definitionOf(flag: StandInFlag, id: number) {
  return {
    id,
    team_id: 1,
    name: `Roll out ${flag.key}`,
    key: flag.key,
    active: flag.active ?? true,
    deleted: false,
    ensure_experience_continuity: false,
    filters: {
      aggregation_group_type_index: 0,
      groups: [{ properties: [], rollout_percentage: flag.rollout }],
      payloads: {},
      multivariate: null,
    },
  };
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  return request.headers["content-encoding"] === "gzip" ? gunzipSync(body) : body;
}

export async function startTestPostHog(): Promise<TestPostHog> {
  const projectKey = `phc_test_${randomUUID().slice(0, 8)}`;
  const secretKey = `phs_test_${randomUUID().slice(0, 8)}`;
  let flags: StandInFlag[] = [];
  let mode: "up" | "down" | "slow" = "up";
  let definitionRequests = 0;
  const heldAnswers: (() => void)[] = [];
  const rawBatches: string[] = [];

  const definitions = () => ({
    flags: flags.map((flag, i) => definitionOf(flag, i + 1)),
    group_type_mapping: { "0": "organization" },
    cohorts: {},
  });

  function evaluateRemotely(body: { distinct_id?: string; groups?: Record<string, string> }) {
    const orgId = body.groups?.organization;
    const answer: Record<string, unknown> = {};
    for (const [i, flag] of flags.entries()) {
      const enabled = Boolean(
        (flag.active ?? true) && orgId && inRollout(flag.key, orgId, flag.rollout),
      );
      answer[flag.key] = {
        key: flag.key,
        enabled,
        variant: null,
        reason: {
          code: enabled ? "condition_match" : "out_of_rollout_bound",
          description: enabled ? "Matched condition set 1" : "Out of rollout bound",
          condition_index: 0,
        },
        metadata: { id: i + 1, version: 1, payload: null },
      };
    }
    return { flags: answer, errorsWhileComputingFlags: false, requestId: randomUUID() };
  }

  async function answer(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? "/", "http://posthog.test");
    const json = (status: number, value: unknown) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(value));
    };
    const body = await readBody(request);
    if (
      request.method === "GET" &&
      (url.pathname === "/flags/definitions" ||
        url.pathname === "/api/feature_flag/local_evaluation" ||
        url.pathname === "/api/feature_flag/local_evaluation/")
    ) {
      definitionRequests += 1;
      if (request.headers.authorization !== `Bearer ${secretKey}`) {
        return json(401, { type: "authentication_error", detail: "Invalid secret key." });
      }
      if (url.searchParams.get("token") !== projectKey) {
        return json(401, { type: "authentication_error", detail: "Project not found." });
      }
      return json(200, definitions());
    }
    if (request.method === "POST" && url.pathname.replace(/\/$/, "") === "/flags") {
      const parsed = JSON.parse(body.toString("utf8") || "{}") as {
        token?: string;
        distinct_id?: string;
        groups?: Record<string, string>;
      };
      if (parsed.token !== projectKey) return json(401, { detail: "Project not found." });
      return json(200, evaluateRemotely(parsed));
    }
    if (request.method === "POST" && url.pathname.replace(/\/$/, "") === "/batch") {
      const text = body.toString("utf8");
      const parsed = JSON.parse(text) as { api_key?: string };
      if (parsed.api_key !== projectKey) return json(401, { detail: "Project not found." });
      rawBatches.push(text);
      return json(200, { status: "Ok" });
    }
    return json(404, { detail: "Not found." });
  }

  const server: Server = createServer((request, response) => {
    if (mode === "down") {
      request.socket.destroy();
      return;
    }
    const run = () =>
      answer(request, response).catch(() => {
        if (!response.headersSent) response.writeHead(500).end();
      });
    if (mode === "slow") heldAnswers.push(() => void run());
    else void run();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    projectKey,
    secretKey,
    setFlags: (next) => (flags = next),
    setMode: (next) => (mode = next),
    held: () => heldAnswers.length,
    answerHeld: () => heldAnswers.splice(0).forEach((release) => release()),
    definitionRequests: () => definitionRequests,
    rawBatches,
    events: () =>
      rawBatches.flatMap((text) => (JSON.parse(text) as { batch: ReceivedEvent[] }).batch),
    stop: () =>
      new Promise<void>((resolve) => {
        heldAnswers.splice(0);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
