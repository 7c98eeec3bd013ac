import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contacts, conversations, learningGaps, learningSignals } from "@/db/schema";
import { withTenant } from "@/lib/db/scopes";
import { getBoss, stopBoss } from "@/lib/jobs/boss";
import { work } from "@/lib/jobs/worker";
import { learningPlaceJob } from "@/lib/learning/place-job";
import { bearer, createApiOrg, expectApiError, type ApiOrg } from "@/test/api";
import { ownerSql, setupFreshDatabase } from "@/test/db";
import { waitFor } from "@/test/wait";
import * as gapRoute from "./gaps/[id]/route";
import * as gapsRoute from "./gaps/route";
import * as signalsRoute from "./signals/route";

await setupFreshDatabase();
afterAll(stopBoss);

// Contract tests of POST /api/v1/learning/signals and of the paged, filtered GET /gaps and the
// whole GET /gaps/:id: the exported handlers called with real Requests on a real database.

const BASE = "http://localhost/api/v1/learning";
const send = (body: unknown, headers: HeadersInit = {}) =>
  signalsRoute.POST(
    new Request(`${BASE}/signals`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
    { params: Promise.resolve({}) },
  );
const listGaps = (query: string, headers: HeadersInit = {}) =>
  gapsRoute.GET(new Request(`${BASE}/gaps${query}`, { headers }), { params: Promise.resolve({}) });
const getGap = (id: string, headers: HeadersInit = {}) =>
  gapRoute.GET(new Request(`${BASE}/gaps/${id}`, { headers }), {
    params: Promise.resolve({ id }),
  });

let a: ApiOrg;
let b: ApiOrg;
let aRead: string;
let aWrite: string;
let bWrite: string;
let bContact: string;
let aConversation: string;

const count = async (orgId: string) => {
  const [row] = await ownerSql()<{ signals: number; gaps: number; audit: number }[]>`
    select (select count(*) from learning_signals where org_id = ${orgId})::int as signals,
           (select count(*) from learning_gaps where org_id = ${orgId})::int as gaps,
           (select count(*) from audit_log where org_id = ${orgId}
              and action = 'learning.signal_received')::int as audit`;
  return row!;
};

beforeAll(async () => {
  [a, b] = await Promise.all([createApiOrg(), createApiOrg()]);
  [aRead, aWrite, bWrite] = await Promise.all([
    a.token(["learning:read"]),
    a.token(["learning:write"]),
    b.token(["learning:write"]),
  ]);
  bContact = await withTenant(b.ctx, async (tx) => {
    const [row] = await tx
      .insert(contacts)
      .values({ orgId: tx.orgId, phoneE164: "+15550100200", channels: ["voice"] })
      .returning({ id: contacts.id });
    return row!.id;
  });
  aConversation = await withTenant(a.ctx, async (tx) => {
    const [row] = await tx
      .insert(conversations)
      .values({ orgId: tx.orgId, channel: "sms", direction: "inbound", status: "ended" })
      .returning({ id: conversations.id });
    return row!.id;
  });
});

describe("POST /api/v1/learning/signals", () => {
  it("answers 401 without a key, 403 without learning:write, and writes nothing", async () => {
    const before = await count(a.orgId);
    const body = { question: "Do you rent garages?", outcome: "deflected" };
    await expectApiError(await send(body), 401, "UNAUTHORIZED");
    const forbidden = await expectApiError(await send(body, bearer(aRead)), 403, "FORBIDDEN");
    expect(forbidden.message).toContain("learning:write");
    expect(await count(a.orgId)).toEqual(before);
  });

  it("refuses bad input with 422 or 404, in words, and writes nothing", async () => {
    const before = await count(a.orgId);
    const bad: [unknown, number, string][] = [
      [{ question: "", outcome: "deflected" }, 422, "question"],
      [{ question: "   ", outcome: "deflected" }, 422, "question"],
      [{ question: "x".repeat(10_000), outcome: "deflected" }, 422, "question"],
      [{ question: "Do you rent garages?", outcome: "confused" }, 422, "outcome"],
      [{ question: "Do you rent garages?", outcome: "deflected", language: "de" }, 422, "language"],
      [
        { question: "Do you rent garages?", outcome: "deflected", contactId: "42" },
        422,
        "contactId",
      ],
      [
        { question: "Do you rent garages?", outcome: "deflected", conversationId: "x" },
        422,
        "conversationId",
      ],
      [
        { question: "Do you rent garages?", outcome: "deflected", occurredAt: "yesterday" },
        422,
        "occurredAt",
      ],
      [
        {
          question: "Do you rent garages?",
          outcome: "deflected",
          occurredAt: "2999-01-01T00:00:00Z",
        },
        422,
        "occurredAt",
      ],
      [
        { question: "Do you rent garages?", outcome: "deflected", externalId: "" },
        422,
        "externalId",
      ],
      [{ question: "Do you rent\u0000 garages?", outcome: "deflected" }, 422, "question"],
      ["not json", 422, ""],
    ];
    for (const [body, status, field] of bad) {
      const error = await expectApiError(await send(body, bearer(aWrite)), status, "VALIDATION");
      if (field) expect(Object.keys(error.fieldErrors ?? {})).toContain(field);
    }
    // Another org's contact, an unknown conversation: not found.
    const contact = await expectApiError(
      await send(
        { question: "Do you rent garages?", outcome: "deflected", contactId: bContact },
        bearer(aWrite),
      ),
      404,
      "NOT_FOUND",
    );
    expect(contact.message).toBe("This contact was not found.");
    await expectApiError(
      await send(
        {
          question: "Do you rent garages?",
          outcome: "deflected",
          conversationId: crypto.randomUUID(),
        },
        bearer(aWrite),
      ),
      404,
      "NOT_FOUND",
    );
    expect(await count(a.orgId)).toEqual(before);
  });

  it("stores a signal (202), answers the first one again for the same externalId, and clusters it like an ingested one", async () => {
    const body = {
      question: "Can I rent a garage with the flat?",
      outcome: "deflected",
      language: "en",
      conversationId: aConversation,
      occurredAt: "2026-11-30T09:30:00Z",
      externalId: "qa-tool-1",
    };
    const first = await send(body, bearer(aWrite));
    expect(first.status).toBe(202);
    const { data } = (await first.json()) as signalsRoute.SignalResponse;
    expect(data).toMatchObject({
      question: body.question,
      outcome: "deflected",
      conversationId: aConversation,
      occurredAt: "2026-11-30T09:30:00.000Z",
      externalId: "qa-tool-1",
      gapId: null,
    });
    // Sent again (a retry), even with other fields: the first signal, nothing new.
    const again = await send({ ...body, question: "Something else entirely?" }, bearer(aWrite));
    expect(again.status).toBe(202);
    expect(((await again.json()) as signalsRoute.SignalResponse).data.id).toBe(data.id);
    // The same externalId in another org is another signal.
    const other = await send(
      { question: "Can I rent a garage?", outcome: "deflected", externalId: "qa-tool-1" },
      bearer(bWrite),
    );
    expect(((await other.json()) as signalsRoute.SignalResponse).data.id).not.toBe(data.id);
    expect(await count(a.orgId)).toMatchObject({ signals: 1, audit: 1 });

    await work(await getBoss(), learningPlaceJob);
    const [signal] = await waitFor(
      () => withTenant(a.ctx, (tx) => tx.select().from(learningSignals)),
      (rows) => rows[0]?.gapId != null,
      { timeout: 15_000 },
    );
    const [gap] = await withTenant(a.ctx, (tx) => tx.select().from(learningGaps));
    expect(gap).toMatchObject({ id: signal!.gapId, signalCount: 1, callerCount: 1 });
    // A paraphrase joins that gap; an answered one joins none.
    await send(
      { question: "Is a garage available with the flat?", outcome: "negative" },
      bearer(aWrite),
    );
    await send({ question: "What time do you open?", outcome: "answered" }, bearer(aWrite));
    const rows = await waitFor(
      () => withTenant(a.ctx, (tx) => tx.select().from(learningSignals)),
      (all) => all.filter((s) => s.gapId).length === 2,
      { timeout: 15_000 },
    );
    expect(rows.find((s) => s.outcome === "answered")!.gapId).toBeNull();
    expect(new Set(rows.flatMap((s) => (s.gapId ? [s.gapId] : [])))).toEqual(new Set([gap!.id]));

    // GET /gaps/:id returns it with all its signals.
    const one = (await (await getGap(gap!.id, bearer(aRead))).json()) as gapRoute.GapResponse;
    expect(one.data.signals).toHaveLength(2);
    expect(one.data.signals[1]).toEqual({
      id: data.id,
      question: body.question,
      outcome: "deflected",
      conversationId: aConversation,
      occurredAt: "2026-11-30T09:30:00.000Z",
    });
  });
});

describe("GET /api/v1/learning/gaps, paged", () => {
  it("pages with cursor and limit to the end, filters, and refuses a made-up cursor", async () => {
    const owner = await createApiOrg();
    const token = await owner.token(["learning:read"]);
    await withTenant(owner.ctx, (tx) =>
      tx.insert(learningGaps).values(
        Array.from({ length: 5 }, (_, i) => ({
          orgId: tx.orgId,
          language: i === 4 ? ("fr" as const) : ("en" as const),
          canonicalQuestion: `Question ${i}?`,
          firstSeenAt: new Date("2026-11-01T00:00:00Z"),
          lastSeenAt: new Date(`2026-11-0${i + 1}T00:00:00Z`),
          impact: 4,
        })),
      ),
    );
    const ids: string[] = [];
    let cursor: string | null = "";
    do {
      const query: string = `?limit=2${cursor ? `&cursor=${cursor}` : ""}`;
      const response = await listGaps(query, bearer(token));
      expect(response.status).toBe(200);
      const page = (await response.json()) as gapsRoute.GapsResponse;
      expect(page.data.length).toBeLessThanOrEqual(2);
      ids.push(...page.data.map((g) => g.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(ids).size).toBe(5);
    const fr = (await (
      await listGaps("?language=fr", bearer(token))
    ).json()) as gapsRoute.GapsResponse;
    expect(fr.data.map((g) => g.question)).toEqual(["Question 4?"]);
    const dated = (await (
      await listGaps("?from=2026-11-02&to=2026-11-03&channel=voice", bearer(token))
    ).json()) as gapsRoute.GapsResponse;
    expect(dated.data).toEqual([]);
    for (const query of [
      "?cursor=abc",
      "?limit=0",
      "?limit=101",
      "?from=2026-11-05&to=2026-11-01",
      "?channel=fax",
      "?from=tomorrow",
    ]) {
      await expectApiError(await listGaps(query, bearer(token)), 422, "VALIDATION");
    }
  });
});
