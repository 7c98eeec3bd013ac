import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { learningGaps, learningSignals } from "@/db/schema";
import { withTenant } from "@/lib/db/scopes";
import { getBoss, stopBoss } from "@/lib/jobs/boss";
import { work } from "@/lib/jobs/worker";
import { learningReclusterJob } from "@/lib/learning/recluster-job";
import { mergeGaps } from "@/lib/learning/review";
import { waitFor } from "@/test/wait";
import { selectVertical } from "@/lib/verticals/service";
import { bearer, createApiOrg, expectApiError, type ApiOrg } from "@/test/api";
import { ownerSql, setupFreshDatabase } from "@/test/db";
import * as analysisStateRoute from "./analysis/[id]/route";
import * as analysisRoute from "./analysis/route";
import * as approveRoute from "./gaps/[id]/approve/route";
import * as rejectRoute from "./gaps/[id]/reject/route";
import * as gapRoute from "./gaps/[id]/route";
import * as gapsRoute from "./gaps/route";

await setupFreshDatabase();
afterAll(stopBoss);

// Contract tests of /api/v1/learning: the exported handlers called with real Requests against a
// real database, as Next would call them.

const BASE = "http://localhost/api/v1/learning";
const params = (id: string) => ({ params: Promise.resolve({ id }) });
const json = (body: unknown) => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: typeof body === "string" ? body : JSON.stringify(body),
});

const listGaps = (query: string, headers: HeadersInit = {}) =>
  gapsRoute.GET(new Request(`${BASE}/gaps${query}`, { headers }), { params: Promise.resolve({}) });
const getGap = (id: string, headers: HeadersInit = {}) =>
  gapRoute.GET(new Request(`${BASE}/gaps/${id}`, { headers }), params(id));
const post = (
  route: "approve" | "reject",
  id: string,
  body: unknown,
  headers: HeadersInit = {},
) => {
  const init = json(body);
  const request = new Request(`${BASE}/gaps/${id}/${route}`, {
    ...init,
    headers: { ...init.headers, ...headers },
  });
  return (route === "approve" ? approveRoute : rejectRoute).POST(request, params(id));
};

let a: ApiOrg;
let b: ApiOrg;
let aRead: string;
let aWrite: string;
let aOther: string;
let bWrite: string;

async function makeGap(org: ApiOrg, question: string) {
  return withTenant(org.ctx, async (tx) => {
    const at = new Date("2026-11-20T10:00:00Z");
    const [gap] = await tx
      .insert(learningGaps)
      .values({
        orgId: tx.orgId,
        language: "en",
        canonicalQuestion: question,
        signalCount: 1,
        callerCount: 1,
        firstSeenAt: at,
        lastSeenAt: at,
        impact: 3,
      })
      .returning();
    await tx.insert(learningSignals).values({
      orgId: tx.orgId,
      conversationId: crypto.randomUUID(),
      seq: 2,
      channel: "voice",
      question,
      answer: "I don't know, sorry.",
      outcome: "deflected",
      language: "en",
      detector: "rules",
      detectorVersion: 1,
      occurredAt: at,
      gapId: gap!.id,
    });
    return gap!;
  });
}

async function state(id: string) {
  const [row] = await ownerSql()<{ status: string; version: number; answer: string | null }[]>`
    select status, version, answer from learning_gaps where id = ${id}`;
  return row;
}

beforeAll(async () => {
  [a, b] = await Promise.all([createApiOrg(), createApiOrg()]);
  await selectVertical(a.ctx, { slug: "real-estate" });
  [aRead, aWrite, aOther, bWrite] = await Promise.all([
    a.token(["learning:read"]),
    a.token(["learning:write"]),
    a.token(["contacts:read", "verticals:write"]),
    b.token(["learning:write"]),
  ]);
});

describe("/api/v1/learning", () => {
  it("answers 401 without a key and 403 without the scope, and writes nothing", async () => {
    const gap = await makeGap(a, "Do you allow pets?");
    await expectApiError(await listGaps("", {}), 401, "UNAUTHORIZED");
    await expectApiError(await getGap(gap.id, {}), 401, "UNAUTHORIZED");
    await expectApiError(await post("approve", gap.id, { answer: "Yes." }), 401, "UNAUTHORIZED");
    const forbidden = await expectApiError(await listGaps("", bearer(aOther)), 403, "FORBIDDEN");
    expect(forbidden.message).toContain("learning:read");
    await expectApiError(
      await post("approve", gap.id, { answer: "Yes, cats and dogs." }, bearer(aRead)),
      403,
      "FORBIDDEN",
    );
    await expectApiError(
      await post("reject", gap.id, { reason: "Not for the agent" }, bearer(aRead)),
      403,
      "FORBIDDEN",
    );
    expect(await state(gap.id)).toMatchObject({ status: "open", version: 1, answer: null });
  });

  it("lists gaps and reads one with its signals; another org's gap is not found", async () => {
    const gap = await makeGap(a, "What are the HOA fees?");
    const list = await listGaps("?status=open&language=en", bearer(aRead));
    expect(list.status).toBe(200);
    const { data } = (await list.json()) as gapsRoute.GapsResponse;
    expect(data.map((g) => g.question)).toContain("What are the HOA fees?");
    const one = await getGap(gap.id, bearer(aWrite));
    expect(one.status).toBe(200);
    const body = (await one.json()) as gapRoute.GapResponse;
    expect(body.data).toMatchObject({ id: gap.id, status: "open", version: 1 });
    expect(body.data.signals).toEqual([
      {
        id: expect.any(String),
        question: "What are the HOA fees?",
        outcome: "deflected",
        conversationId: expect.any(String),
        occurredAt: "2026-11-20T10:00:00.000Z",
      },
    ]);
    await expectApiError(await getGap(gap.id, bearer(bWrite)), 404, "NOT_FOUND");
    const bList = (await (await listGaps("", bearer(bWrite))).json()) as gapsRoute.GapsResponse;
    expect(bList.data).toEqual([]);
  });

  it("refuses malformed ids, filters and bodies with 422 and writes nothing", async () => {
    const gap = await makeGap(a, "Is there parking?");
    await expectApiError(await getGap("not-an-id", bearer(aRead)), 422, "VALIDATION");
    await expectApiError(await listGaps("?status=lost", bearer(aRead)), 422, "VALIDATION");
    await expectApiError(await listGaps("?language=de", bearer(aRead)), 422, "VALIDATION");
    for (const body of [
      {},
      { answer: "" },
      { answer: "x".repeat(10_000) },
      { answer: "Yes.", version: "two" },
      "not json",
    ]) {
      await expectApiError(await post("approve", gap.id, body, bearer(aWrite)), 422, "VALIDATION");
    }
    await expectApiError(
      await post("reject", gap.id, { reason: "" }, bearer(aWrite)),
      422,
      "VALIDATION",
    );
    expect(await state(gap.id)).toMatchObject({ status: "open", version: 1, answer: null });
  });

  it("approves once; a second decision or a stale version gets 409; another org gets 404", async () => {
    const gap = await makeGap(a, "Do you offer virtual tours?");
    await expectApiError(
      await post("approve", gap.id, { answer: "Yes, on every listing." }, bearer(bWrite)),
      404,
      "NOT_FOUND",
    );
    await expectApiError(
      await post("approve", gap.id, { answer: "Yes.", version: 7 }, bearer(aWrite)),
      409,
      "CONFLICT",
    );
    const approved = await post(
      "approve",
      gap.id,
      { answer: "Yes: every listing has a 3D tour on our website." },
      bearer(aWrite),
    );
    expect(approved.status).toBe(200);
    const { data } = (await approved.json()) as approveRoute.GapDecisionResponse;
    expect(data).toMatchObject({ status: "approved", version: 2, question: gap.canonicalQuestion });
    await expectApiError(
      await post("reject", gap.id, { reason: "Changed my mind" }, bearer(aWrite)),
      409,
      "CONFLICT",
    );
    const [config] = await ownerSql()<{ knowledge: Record<string, { answer: string }> }[]>`
      select resolved->'knowledge' as knowledge from org_verticals where org_id = ${a.orgId}`;
    expect(config!.knowledge[`learned-${gap.id}`]!.answer).toBe(
      "Yes: every listing has a 3D tour on our website.",
    );
  });

  it("answers 409, not 404, for a gap an admin merged away in the dashboard, and writes nothing", async () => {
    const gap = await makeGap(a, "Do you allow subletting?");
    const into = await makeGap(a, "Can I sublet my room?");
    await mergeGaps(a.ctx, gap.id, { into: into.id });
    const conflict = await expectApiError(
      await post("approve", gap.id, { answer: "No subletting." }, bearer(aWrite)),
      409,
      "CONFLICT",
    );
    expect(conflict.message).toMatch(/merged into another one by someone else/);
    await expectApiError(await getGap(gap.id, bearer(aRead)), 404, "NOT_FOUND");
    expect(await state(into.id)).toMatchObject({ status: "open", version: 2, answer: null });
  });

  it("rejects with a reason", async () => {
    const gap = await makeGap(a, "Can I pay the deposit in bitcoin?");
    const rejected = await post(
      "reject",
      gap.id,
      { reason: "We never take crypto" },
      bearer(aWrite),
    );
    expect(rejected.status).toBe(200);
    expect(await state(gap.id)).toMatchObject({ status: "dismissed", version: 2 });
    const [row] = await withTenant(a.ctx, (tx) =>
      tx.select().from(learningGaps).where(eq(learningGaps.id, gap.id)),
    );
    expect(row!.dismissReason).toBe("We never take crypto");
  });
});

describe("/api/v1/learning/analysis", () => {
  const postAnalysis = (headers: HeadersInit = {}) =>
    analysisRoute.POST(new Request(`${BASE}/analysis`, { method: "POST", headers }), {
      params: Promise.resolve({}),
    });
  const getState = (id: string, headers: HeadersInit = {}) =>
    analysisStateRoute.GET(new Request(`${BASE}/analysis/${id}`, { headers }), params(id));
  const jobs = async (orgId: string) => {
    const [row] = await ownerSql()<{ n: number }[]>`
      select count(*)::int as n from pgboss.job
       where name = ${learningReclusterJob.name} and data->>'orgId' = ${orgId}`;
    return row!.n;
  };

  it("re-clusters on request: 202 with a stateUrl that reads the job until it completes", async () => {
    await expectApiError(await postAnalysis(bearer(aRead)), 403, "FORBIDDEN");
    expect(await jobs(a.orgId)).toBe(0);

    const response = await postAnalysis(bearer(aWrite));
    expect(response.status).toBe(202);
    const { data } = (await response.json()) as analysisRoute.AnalysisResponse;
    expect(data).toMatchObject({
      state: "created",
      stateUrl: `/api/v1/learning/analysis/${data.jobId}`,
    });
    await expectApiError(await getState(data.jobId, bearer(bWrite)), 404, "NOT_FOUND");
    await expectApiError(await getState("nope", bearer(aRead)), 422, "VALIDATION");

    await work(await getBoss(), learningReclusterJob);
    const state = await waitFor(
      async () =>
        (
          (await (
            await getState(data.jobId, bearer(aRead))
          ).json()) as analysisStateRoute.AnalysisJobResponse
        ).data,
      (s) => s.state === "completed",
      { timeout: 15_000 },
    );
    expect(state).toMatchObject({ state: "completed", output: { signals: expect.any(Number) } });
  });
});
