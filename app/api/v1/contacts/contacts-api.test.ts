import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, contacts } from "@/db/schema";
import { createApiKey, revokeApiKey } from "@/lib/api-keys/service";
import { withSystem, withTenant } from "@/lib/db/scopes";
import { setupFreshDatabase } from "@/test/db";
import * as profileRoute from "./[id]/profile/route";
import * as listRoute from "./route";
import { bearer, createApiOrg, expectApiError, type ApiOrg } from "@/test/api";

await setupFreshDatabase();

// Contract tests of /api/v1/contacts: the exported handlers called with real Requests against a
// real database, as Next would call them (no server).

const BASE = "http://localhost/api/v1/contacts";

function getList(query = "", headers: HeadersInit = {}) {
  return listRoute.GET(new Request(`${BASE}${query}`, { headers }));
}

function post(body: string, headers: HeadersInit = {}) {
  return listRoute.POST(
    new Request(BASE, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body,
    }),
  );
}

function patch(id: string, body: string, headers: HeadersInit = {}) {
  return profileRoute.PATCH(
    new Request(`${BASE}/${encodeURIComponent(id)}/profile`, {
      method: "PATCH",
      headers: { "content-type": "application/json", ...headers },
      body,
    }),
    { params: Promise.resolve({ id }) },
  );
}

/** Contacts and audit entries across all orgs: "nothing was written" compares before and after. */
async function countWrites() {
  const [row] = await withSystem("test: count contact writes", (tx) =>
    tx.execute<{ contacts: number; identities: number; audit: number }>(sql`select
      (select count(*)::int from contacts) as contacts,
      (select count(*)::int from contact_identities) as identities,
      (select count(*)::int from audit_log) as audit`),
  );
  return row;
}

async function list(token: string, query = "") {
  const response = await getList(query, bearer(token));
  expect(response.status).toBe(200);
  return (await response.json()) as listRoute.ContactsListResponse;
}

async function created(token: string, body: object) {
  const response = await post(JSON.stringify(body), bearer(token));
  expect([200, 201]).toContain(response.status);
  return ((await response.json()) as listRoute.CreateContactResponse).data;
}

let a: ApiOrg;
let b: ApiOrg;
let aRead: string;
let aWrite: string;
let aOrgOnly: string;
let bWrite: string;

beforeAll(async () => {
  [a, b] = await Promise.all([createApiOrg("FR"), createApiOrg("FR")]);
  [aRead, aWrite, aOrgOnly, bWrite] = await Promise.all([
    a.token(["contacts:read"]),
    a.token(["contacts:write"]),
    a.token(["org:read"]),
    b.token(["contacts:write"]),
  ]);
});

const SOME_ID = "0b6f3c52-4f7e-4c1a-9d55-3c1f0c7e2a10";
const ENDPOINTS: [string, (headers: HeadersInit) => Promise<Response>][] = [
  ["GET /contacts", (h) => getList("", h)],
  ["POST /contacts", (h) => post(JSON.stringify({ phones: ["+33611111111"] }), h)],
  ["PATCH /contacts/[id]/profile", (h) => patch(SOME_ID, JSON.stringify({ name: "X" }), h)],
];

describe("authentication", () => {
  it.each(ENDPOINTS)("%s without Authorization answers 401", async (_name, call) => {
    const error = await expectApiError(await call({}), 401, "UNAUTHORIZED");
    expect(error.message).toContain("Bearer");
  });

  it.each(ENDPOINTS)("%s with a malformed or unknown key answers 401", async (_name, call) => {
    await expectApiError(await call({ authorization: "Bearer hello" }), 401, "UNAUTHORIZED");
    await expectApiError(await call({ authorization: aWrite }), 401, "UNAUTHORIZED");
    const unknown = aWrite.slice(0, -4) + (aWrite.endsWith("AAAA") ? "BBBB" : "AAAA");
    await expectApiError(await call(bearer(unknown)), 401, "UNAUTHORIZED");
  });

  it.each(ENDPOINTS)("%s with a revoked key answers 401", async (_name, call) => {
    const { id, token } = await createApiKey(a.ctx, {
      name: "Revoked",
      scopes: ["contacts:read", "contacts:write"],
    });
    await revokeApiKey(a.ctx, id);
    await expectApiError(await call(bearer(token)), 401, "UNAUTHORIZED");
  });

  it.each(ENDPOINTS)("%s with a key lacking the scope answers 403", async (_name, call) => {
    const error = await expectApiError(await call(bearer(aOrgOnly)), 403, "FORBIDDEN");
    expect(error.message).toMatch(/contacts:(read|write)/);
  });

  it("a contacts:read key can neither create nor edit, and nothing is written", async () => {
    const { id } = await created(aWrite, { name: "Read only", phones: ["+33622222201"] });
    const before = await countWrites();
    const body = JSON.stringify({ phones: ["+33622222202"] });
    expect(
      (await expectApiError(await post(body, bearer(aRead)), 403, "FORBIDDEN")).message,
    ).toContain("contacts:write");
    await expectApiError(
      await patch(id, JSON.stringify({ name: "X" }), bearer(aRead)),
      403,
      "FORBIDDEN",
    );
    expect(await countWrites()).toEqual(before);
  });

  it("checks the key before the body: a bad body without a key answers 401", async () => {
    await expectApiError(await post("not json"), 401, "UNAUTHORIZED");
    await expectApiError(await patch(SOME_ID, "not json"), 401, "UNAUTHORIZED");
  });

  it("only the documented methods are exported", () => {
    const methods = (m: object) => Object.keys(m).filter((k) => /^[A-Z]+$/.test(k));
    expect(methods(listRoute)).toEqual(["GET", "POST"]);
    expect(methods(profileRoute)).toEqual(["PATCH"]);
  });
});

describe("POST /api/v1/contacts", () => {
  it("creates a contact (201), then finds the same one by its number in any writing (200)", async () => {
    const body = { name: "Camille Martin", phones: ["06 12 34 56 78"], tags: ["vip"] };
    const first = await post(JSON.stringify(body), bearer(aWrite));
    expect(first.status).toBe(201);
    const { data } = (await first.json()) as listRoute.CreateContactResponse;
    expect(data).toEqual({ id: expect.any(String), created: true });

    const before = await countWrites();
    const again = await post(JSON.stringify({ phones: ["+33612345678"] }), bearer(aWrite));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ data: { id: data.id, created: false } });
    expect(await countWrites()).toEqual(before);

    const [entry] = await withTenant(a.ctx, (tx) =>
      tx
        .select()
        .from(auditLog)
        .where(sql`${auditLog.targetId} = ${data.id} and ${auditLog.action} = 'contact.created'`),
    );
    expect(entry).toMatchObject({ actorType: "api_key", metadata: { source: "api" } });
  });

  it.each([
    [JSON.stringify({ phones: ["12"] }), "phones.0"],
    [JSON.stringify({ name: "No way to reach" }), "phones"],
    [JSON.stringify({ emails: ["not-an-email"] }), "emails.0"],
    [JSON.stringify({ phones: ["+33633333333"], leadStatus: "hot" }), "leadStatus"],
    [
      JSON.stringify({ phones: ["+33633333333"], leadFields: { "Bad Key": "x" } }),
      "leadFields.Bad Key",
    ],
    ["[]", "form"],
    ["null", "form"],
    ["not json", "form"],
    ["", "form"],
  ])("body %s answers 422 on %s and writes nothing", async (body, field) => {
    const before = await countWrites();
    const error = await expectApiError(await post(body, bearer(aWrite)), 422, "VALIDATION");
    expect(error.fieldErrors?.[field]?.length, JSON.stringify(error.fieldErrors)).toBeGreaterThan(
      0,
    );
    expect(await countWrites()).toEqual(before);
  });

  it("a body sent as text/plain answers 422 asking for JSON", async () => {
    const response = await listRoute.POST(
      new Request(BASE, {
        method: "POST",
        headers: { ...bearer(aWrite), "content-type": "text/plain" },
        body: JSON.stringify({ phones: ["+33644444444"] }),
      }),
    );
    const error = await expectApiError(response, 422, "VALIDATION");
    expect(error.message).toContain("application/json");
  });
});

describe("characters PostgreSQL cannot store", () => {
  // A NUL used to reach the database and answer 500; it is a field error now, and nothing is written.
  it("a NUL in a name, a tag or a lead field answers 422 naming the field", async () => {
    const before = await countWrites();
    for (const [body, field] of [
      [{ name: "Ada\u0000", phones: ["+33655555590"] }, "name"],
      [{ name: "Ada", phones: ["+33655555590"], tags: ["ok", "vip\u0000"] }, "tags.1"],
      [
        { name: "Ada", phones: ["+33655555590"], leadFields: { budget: "\u0000" } },
        "leadFields.budget",
      ],
      [
        { name: "Ada", phones: ["+33655555590"], leadFields: { "bud\u0000get": "1" } },
        "leadFields",
      ],
    ] as const) {
      const error = await expectApiError(
        await post(JSON.stringify(body), bearer(aWrite)),
        422,
        "VALIDATION",
      );
      expect(error.fieldErrors?.[field]?.[0]).toMatch(/null character, which can't be saved/);
    }
    const { id } = await created(aWrite, { name: "Nul", phones: ["+33655555591"] });
    const error = await expectApiError(
      await patch(id, JSON.stringify({ name: "A\u0000" }), bearer(aWrite)),
      422,
      "VALIDATION",
    );
    expect(Object.keys(error.fieldErrors ?? {})).toEqual(["name"]);
    const after = await countWrites();
    expect(after!.contacts).toBe(before!.contacts + 1);
  });

  it("a NUL or a lone surrogate in the search answers 422, not 500", async () => {
    for (const q of ["%00", "a%00b", "%ED%A0%80", "%01"]) {
      const response = await getList(`?q=${q}`, bearer(aRead));
      if (q === "%ED%A0%80") {
        // Invalid UTF-8 in a URL decodes to U+FFFD, which is ordinary text.
        expect(response.status).toBe(200);
        continue;
      }
      const error = await expectApiError(response, 422, "VALIDATION");
      expect(Object.keys(error.fieldErrors ?? {})).toEqual(["q"]);
    }
  });
});

describe("PATCH /api/v1/contacts/[id]/profile", () => {
  it("changes the fields given and answers which changed", async () => {
    const { id } = await created(aWrite, { name: "Jo", phones: ["+33655555501"] });
    const response = await patch(
      id,
      JSON.stringify({ name: "Jo Martin", tags: ["buyer"], leadFields: { budget: 250000 } }),
      bearer(aWrite),
    );
    expect(response.status).toBe(200);
    const { data } = (await response.json()) as profileRoute.UpdateProfileResponse;
    expect(data.id).toBe(id);
    expect(data.changed.sort()).toEqual(["leadFields", "name", "tags"]);
    const same = await patch(id, JSON.stringify({ name: "Jo Martin" }), bearer(aWrite));
    expect(await same.json()).toEqual({ data: { id, changed: [] } });
  });

  it("a number owned by another contact answers 409 naming the field, and nothing changes", async () => {
    await created(aWrite, { name: "Owner", phones: ["+33655555510"] });
    const { id } = await created(aWrite, { name: "Other", phones: ["+33655555511"] });
    const before = await countWrites();
    const error = await expectApiError(
      await patch(
        id,
        JSON.stringify({ phones: ["+33655555511", "06 55 55 55 10"] }),
        bearer(aWrite),
      ),
      409,
      "CONFLICT",
    );
    expect(Object.keys(error.fieldErrors ?? {})).toEqual(["phones.1"]);
    expect(await countWrites()).toEqual(before);
    const { data } = await list(aRead, "?q=%2B33655555511");
    expect(data.map((c) => [c.name, c.phoneE164])).toEqual([["Other", "+33655555511"]]);
    const owner = await list(aRead, "?q=%2B33655555510");
    expect(owner.data.map((c) => [c.name, c.phoneE164])).toEqual([["Owner", "+33655555510"]]);
  });

  it.each([
    [JSON.stringify({ phones: ["12"] }), "phones.0"],
    [JSON.stringify({ language: "French" }), "language"],
    [JSON.stringify({ consent: { sms: "yes" } }), "consent.sms"],
    ["[]", "form"],
    ["not json", "form"],
  ])("body %s answers 422 on %s and writes nothing", async (body, field) => {
    const { id } = await created(aWrite, { phones: ["+33655555520"] });
    const before = await countWrites();
    const error = await expectApiError(await patch(id, body, bearer(aWrite)), 422, "VALIDATION");
    expect(error.fieldErrors?.[field]?.length, JSON.stringify(error.fieldErrors)).toBeGreaterThan(
      0,
    );
    expect(await countWrites()).toEqual(before);
  });

  it.each([
    ["another org's contact", "b"],
    ["a malformed id", "not-a-uuid"],
    ["an unknown id", SOME_ID],
  ])("%s answers 404 and nothing changes", async (_label, which) => {
    const bContact = await created(bWrite, { name: "B's", phones: ["+33666666601"] });
    const id = which === "b" ? bContact.id : which;
    const before = await countWrites();
    await expectApiError(
      await patch(id, JSON.stringify({ name: "Taken" }), bearer(aWrite)),
      404,
      "NOT_FOUND",
    );
    expect(await countWrites()).toEqual(before);
  });
});

describe("GET /api/v1/contacts", () => {
  let org: ApiOrg;
  let read: string;

  beforeAll(async () => {
    org = await createApiOrg("US");
    const write = await org.token(["contacts:write"]);
    read = await org.token(["contacts:read"]);
    for (let i = 0; i < 7; i++) {
      await created(write, {
        name: `Person ${String(i).padStart(2, "0")}`,
        phones: [`+1415555${2000 + i}`],
        tags: i % 2 === 0 ? ["even"] : ["odd"],
        leadStatus: i < 2 ? "qualified" : "new",
        leadFields: i === 3 ? { budget: 500000, area: "Harbour" } : {},
      });
    }
  });

  it("answers the contacts with ISO dates and no next page when all fit", async () => {
    const { data, nextCursor } = await list(read, "?sort=name");
    expect(data.map((c) => c.name)).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => `Person 0${i}`));
    expect(nextCursor).toBeNull();
    expect(data[0]).toEqual({
      id: expect.any(String),
      name: "Person 00",
      phoneE164: "+14155552000",
      email: null,
      tags: ["even"],
      leadStatus: "qualified",
      leadFields: {},
      lastInteractionAt: null,
      channels: [],
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
    });
  });

  it("filters like the list page: search, tags, lead status, lead fields", async () => {
    const names = async (query: string) => (await list(read, query)).data.map((c) => c.name);
    expect(await names("?q=(415)%20555-2003")).toEqual(["Person 03"]);
    expect(await names("?q=person%2001")).toEqual(["Person 01"]);
    expect(await names("?tags=odd&leadStatus=qualified")).toEqual(["Person 01"]);
    expect(await names("?lf.budget=500000&lf.area=Harbour")).toEqual(["Person 03"]);
    expect(await names("?leadStatus=qualified,new&tags=even&sort=name")).toEqual([
      "Person 00",
      "Person 02",
      "Person 04",
      "Person 06",
    ]);
    expect(await names("?channel=sms")).toEqual([]);
  });

  it("pages with the cursor, without losing or repeating a contact", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `?sort=name&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
      const page = await list(read, query);
      expect(page.data.length).toBeLessThanOrEqual(3);
      seen.push(...page.data.map((c) => c.name ?? ""));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => `Person 0${i}`));
  });

  it.each([
    ["?limit=0", "limit"],
    ["?limit=101", "limit"],
    ["?limit=abc", "limit"],
    ["?limit=1.5", "limit"],
    ["?cursor=garbage", "cursor"],
    ["?sort=oldest", "sort"],
    ["?leadStatus=hot", "leadStatus.0"],
    ["?lastContacted=yesterday", "lastContacted"],
    ["?channel=fax", "channel"],
    [`?q=${"x".repeat(201)}`, "q"],
  ])("%s answers 422 on %s", async (query, field) => {
    const error = await expectApiError(await getList(query, bearer(read)), 422, "VALIDATION");
    expect(Object.keys(error.fieldErrors ?? {})).toEqual([field]);
  });

  it("a contacts:write key may read too (a write scope includes its read)", async () => {
    const write = await org.token(["contacts:write"]);
    expect((await list(write)).data).toHaveLength(7);
  });
});

describe("across orgs", () => {
  it("org B's key never lists org A's contacts, even searching for their number", async () => {
    await created(aWrite, { name: "Only in A", phones: ["+33677777701"] });
    const bRead = await b.token(["contacts:read"]);
    const { data } = await list(bRead, "?q=%2B33677777701");
    expect(data).toEqual([]);
    expect((await list(bRead)).data.map((c) => c.name)).not.toContain("Only in A");
  });

  it("the same number is a different contact in each org", async () => {
    const inA = await created(aWrite, { phones: ["+33688888801"] });
    const inB = await created(bWrite, { phones: ["+33688888801"] });
    expect(inB.created).toBe(true);
    expect(inB.id).not.toBe(inA.id);
    const rows = await withSystem("test: both contacts", (tx) =>
      tx
        .select({ orgId: contacts.orgId })
        .from(contacts)
        .where(eq(contacts.phoneE164, "+33688888801")),
    );
    expect(rows.map((r) => r.orgId).sort()).toEqual([a.orgId, b.orgId].sort());
  });
});
