import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey, revokeApiKey } from "@/lib/api-keys/service";
import { stopBoss } from "@/lib/jobs/boss";
import { QUEUES } from "@/lib/jobs/queues";
import { summariseConversation } from "@/lib/memory/summarise";
import { insertContact, insertConversation, REAL_ESTATE_CALL } from "@/test/fixtures/memory";
import { ownerSql, setupFreshDatabase } from "@/test/db";
import * as contactRoute from "./contacts/[id]/route";
import * as summariseRoute from "./conversations/[id]/summarize/route";
import * as jobRoute from "./jobs/[id]/route";
import { bearer, createApiOrg, expectApiError, type ApiOrg } from "@/test/api";

await setupFreshDatabase();
afterAll(stopBoss);

// Contract tests of /api/v1/memory: the exported handlers called with real Requests against a
// real database and the real pg-boss, as Next would call them (no server).

const BASE = "http://localhost/api/v1/memory";

const params = (id: string) => ({ params: Promise.resolve({ id }) });

const getMemory = (id: string, headers: HeadersInit = {}) =>
  contactRoute.GET(new Request(`${BASE}/contacts/${id}`, { headers }), params(id));
const postSummarise = (id: string, headers: HeadersInit = {}) =>
  summariseRoute.POST(
    new Request(`${BASE}/conversations/${id}/summarize`, { method: "POST", headers }),
    params(id),
  );
const getJob = (id: string, headers: HeadersInit = {}) =>
  jobRoute.GET(new Request(`${BASE}/jobs/${id}`, { headers }), params(id));

async function memoryJobCount(orgId: string) {
  const [row] = await ownerSql()<{ n: number }[]>`
    select count(*)::int as n from pgboss.job
     where name = ${QUEUES.memory.name} and data->>'orgId' = ${orgId}`;
  return row!.n;
}

let a: ApiOrg;
let b: ApiOrg;
let aRead: string;
let aWrite: string;
let aOther: string;
let bWrite: string;
let contactId: string;
let callId: string;
let bCallId: string;
let bJobId: string;

beforeAll(async () => {
  [a, b] = await Promise.all([createApiOrg(), createApiOrg()]);
  [aRead, aWrite, aOther, bWrite] = await Promise.all([
    a.token(["memory:read"]),
    a.token(["memory:write"]),
    a.token(["contacts:read", "verticals:write"]),
    b.token(["memory:write"]),
  ]);
  contactId = await insertContact(a.ctx);
  callId = await insertConversation(a.ctx, { contactId, turns: REAL_ESTATE_CALL });
  await summariseConversation({ orgId: a.orgId, conversationId: callId });
  const bContact = await insertContact(b.ctx);
  bCallId = await insertConversation(b.ctx, { contactId: bContact, turns: REAL_ESTATE_CALL });
  const posted = await postSummarise(bCallId, bearer(bWrite));
  bJobId = ((await posted.json()) as summariseRoute.SummariseResponse).data.jobId;
});

const ENDPOINTS: [string, (headers: HeadersInit) => Promise<Response>][] = [
  ["GET /contacts/[id]", (h) => getMemory(contactId, h)],
  ["POST /conversations/[id]/summarize", (h) => postSummarise(callId, h)],
  ["GET /jobs/[id]", (h) => getJob(bJobId, h)],
];

describe("authentication", () => {
  it.each(ENDPOINTS)("%s without a valid key answers 401", async (_name, call) => {
    await expectApiError(await call({}), 401, "UNAUTHORIZED");
    await expectApiError(await call({ authorization: "Bearer hello" }), 401, "UNAUTHORIZED");
    await expectApiError(await call({ authorization: aWrite }), 401, "UNAUTHORIZED");
  });

  it.each(ENDPOINTS)("%s with a revoked key answers 401", async (_name, call) => {
    const { id, token } = await createApiKey(a.ctx, { name: "Revoked", scopes: ["memory:write"] });
    await revokeApiKey(a.ctx, id);
    await expectApiError(await call(bearer(token)), 401, "UNAUTHORIZED");
  });

  it.each(ENDPOINTS)("%s with a key lacking the scope answers 403", async (_name, call) => {
    const error = await expectApiError(await call(bearer(aOther)), 403, "FORBIDDEN");
    expect(error.message).toMatch(/memory:(read|write)/);
  });

  it("a memory:read key cannot request a summary, and nothing is enqueued", async () => {
    const before = await memoryJobCount(a.orgId);
    const error = await expectApiError(
      await postSummarise(callId, bearer(aRead)),
      403,
      "FORBIDDEN",
    );
    expect(error.message).toContain("memory:write");
    expect(await memoryJobCount(a.orgId)).toBe(before);
  });

  it("only exports the methods it documents", () => {
    const methods = (module: object) => Object.keys(module).filter((k) => /^[A-Z]+$/.test(k));
    expect(methods(contactRoute)).toEqual(["GET"]);
    expect(methods(summariseRoute)).toEqual(["POST"]);
    expect(methods(jobRoute)).toEqual(["GET"]);
  });
});

describe("GET /api/v1/memory/contacts/[id]", () => {
  it("answers the memory, each fact with the conversation it came from", async () => {
    for (const token of [aRead, aWrite]) {
      const response = await getMemory(contactId, bearer(token));
      expect(response.status).toBe(200);
      const { data } = (await response.json()) as { data: Record<string, unknown> };
      expect(Object.keys(data).sort()).toEqual(
        ["contactId", "facts", "lastConversationId", "openItems", "summary", "updatedAt"].sort(),
      );
      expect(data).toMatchObject({
        contactId,
        summary: expect.stringMatching(/^16 Nov \(call\): The caller said/),
        lastConversationId: callId,
        updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        openItems: expect.arrayContaining([
          expect.objectContaining({ conversationId: callId, text: expect.any(String) }),
        ]),
      });
      expect(data.facts).toContainEqual({
        key: "budget",
        value: "650000",
        source: "offline",
        updatedAt: expect.any(String),
        conversation: { id: callId, channel: "voice", startedAt: "2026-11-16T10:25:00.000Z" },
      });
    }
  });

  it("answers 404 for another org's contact or an unknown one", async () => {
    await expectApiError(await getMemory(contactId, bearer(bWrite)), 404, "NOT_FOUND");
    await expectApiError(
      await getMemory("5f0e2a7c-3b9d-41e6-8a2c-4b7d9e1f3a05", bearer(aRead)),
      404,
      "NOT_FOUND",
    );
  });

  it.each(["abc", "123", `${"x".repeat(36)}`])(
    "answers 422 for the malformed id %s",
    async (id) => {
      const error = await expectApiError(await getMemory(id, bearer(aRead)), 422, "VALIDATION");
      expect(error.fieldErrors).toEqual({ id: ["This is not a valid id."] });
    },
  );
});

describe("POST /api/v1/memory/conversations/[id]/summarize and GET /api/v1/memory/jobs/[id]", () => {
  it("answers 202 with the job to follow, whose state the jobs endpoint reports", async () => {
    const response = await postSummarise(callId, bearer(aWrite));
    expect(response.status).toBe(202);
    const { data } = (await response.json()) as summariseRoute.SummariseResponse;
    expect(data).toEqual({
      jobId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      state: "created",
      stateUrl: `/api/v1/memory/jobs/${data.jobId}`,
    });
    const job = await getJob(data.jobId, bearer(aRead));
    expect(job.status).toBe(200);
    expect(await job.json()).toEqual({
      data: {
        id: data.jobId,
        state: "created",
        createdOn: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        completedOn: null,
      },
    });
  });

  it("answers 404 for another org's conversation and enqueues nothing", async () => {
    const before = { a: await memoryJobCount(a.orgId), b: await memoryJobCount(b.orgId) };
    await expectApiError(await postSummarise(callId, bearer(bWrite)), 404, "NOT_FOUND");
    expect(await memoryJobCount(b.orgId)).toBe(before.b);
    await expectApiError(
      await postSummarise("5f0e2a7c-3b9d-41e6-8a2c-4b7d9e1f3a05", bearer(aWrite)),
      404,
      "NOT_FOUND",
    );
    expect({ a: await memoryJobCount(a.orgId), b: await memoryJobCount(b.orgId) }).toEqual(before);
  });

  it("answers 404 for another org's job, and for an unknown one", async () => {
    await expectApiError(await getJob(bJobId, bearer(aRead)), 404, "NOT_FOUND");
    expect((await getJob(bJobId, bearer(bWrite))).status).toBe(200);
    await expectApiError(
      await getJob("5f0e2a7c-3b9d-41e6-8a2c-4b7d9e1f3a05", bearer(aRead)),
      404,
      "NOT_FOUND",
    );
  });

  it("answers 409 for a conversation without a contact", async () => {
    const anonymous = await insertConversation(a.ctx, { contactId: null });
    const error = await expectApiError(
      await postSummarise(anonymous, bearer(aWrite)),
      409,
      "CONFLICT",
    );
    expect(error.message).toContain("no contact");
  });

  it("answers 422 for malformed ids, before touching anything", async () => {
    const before = await memoryJobCount(a.orgId);
    for (const response of [
      await postSummarise("not-an-id", bearer(aWrite)),
      await getJob("not-an-id", bearer(aRead)),
    ]) {
      const error = await expectApiError(response, 422, "VALIDATION");
      expect(error.fieldErrors).toEqual({ id: ["This is not a valid id."] });
    }
    expect(await memoryJobCount(a.orgId)).toBe(before);
  });
});
