import { beforeAll, describe, expect, it } from "vitest";
import { createApiKey, revokeApiKey } from "@/lib/api-keys/service";
import { TEMPLATE_VERSIONS } from "@/lib/verticals/templates";
import { countRows, setupFreshDatabase } from "@/test/db";
import * as slugRoute from "./[slug]/route";
import * as configRoute from "./config/route";
import * as selectRoute from "./select/route";
import * as templatesRoute from "./templates/route";
import { bearer, createApiOrg, expectApiError, type ApiOrg } from "@/test/api";

await setupFreshDatabase();

// Contract tests of /api/v1/verticals: the exported handlers called with real Requests against a
// real database, as Next would call them (no server).

const BASE = "http://localhost/api/v1/verticals";

const contentOf = (slug: string, version: number) =>
  TEMPLATE_VERSIONS.find((t) => t.slug === slug && t.version === version)!.content;

function getTemplates(headers: HeadersInit = {}) {
  return templatesRoute.GET(new Request(`${BASE}/templates`, { headers }));
}

function getTemplate(slug: string, query = "", headers: HeadersInit = {}) {
  const request = new Request(`${BASE}/${encodeURIComponent(slug)}${query}`, { headers });
  return slugRoute.GET(request, { params: Promise.resolve({ slug }) });
}

function postSelect(body: string, headers: HeadersInit = {}) {
  return selectRoute.POST(
    new Request(`${BASE}/select`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body,
    }),
  );
}

function getConfig(headers: HeadersInit = {}) {
  return configRoute.GET(new Request(`${BASE}/config`, { headers }));
}

/** The org's config as the API reports it (asserts the 200). */
async function configOf(token: string) {
  const response = await getConfig(bearer(token));
  expect(response.status).toBe(200);
  return ((await response.json()) as configRoute.VerticalConfigResponse).data;
}

/**
 * Asserts the one error shape (lib/errors.ts toHttpResponse): `{ error: { code, message,
 * fieldErrors? } }` and nothing else, with the request id header. Returns the error.
 */
let a: ApiOrg;
let b: ApiOrg;
let aRead: string;
let aWrite: string;
let aOrgOnly: string;
let bRead: string;

beforeAll(async () => {
  [a, b] = await Promise.all([createApiOrg(), createApiOrg()]);
  [aRead, aWrite, aOrgOnly, bRead] = await Promise.all([
    a.token(["verticals:read"]),
    a.token(["verticals:write"]),
    a.token(["org:read"]),
    b.token(["verticals:read"]),
  ]);
});

// Every endpoint, called with the headers given and otherwise a valid request.
const ENDPOINTS: [string, (headers: HeadersInit) => Promise<Response>][] = [
  ["GET /templates", (h) => getTemplates(h)],
  ["GET /[slug]", (h) => getTemplate("ecommerce", "", h)],
  ["POST /select", (h) => postSelect(JSON.stringify({ slug: "ecommerce" }), h)],
  ["GET /config", (h) => getConfig(h)],
];

describe("authentication", () => {
  it.each(ENDPOINTS)("%s without Authorization answers 401", async (_name, call) => {
    const error = await expectApiError(await call({}), 401, "UNAUTHORIZED");
    expect(error.message).toContain("Bearer");
    expect(error).not.toHaveProperty("fieldErrors");
  });

  it.each(ENDPOINTS)("%s with a malformed or unknown key answers 401", async (_name, call) => {
    await expectApiError(await call({ authorization: "Bearer hello" }), 401, "UNAUTHORIZED");
    await expectApiError(await call({ authorization: aRead }), 401, "UNAUTHORIZED");
    const unknown = aWrite.slice(0, -4) + (aWrite.endsWith("AAAA") ? "BBBB" : "AAAA");
    const error = await expectApiError(await call(bearer(unknown)), 401, "UNAUTHORIZED");
    expect(error.message).not.toContain(unknown);
  });

  it.each(ENDPOINTS)("%s with a revoked key answers 401", async (_name, call) => {
    const { id, token } = await createApiKey(a.ctx, {
      name: "Revoked",
      scopes: ["verticals:read", "verticals:write"],
    });
    await revokeApiKey(a.ctx, id);
    await expectApiError(await call(bearer(token)), 401, "UNAUTHORIZED");
  });

  it.each(ENDPOINTS)("%s with a key lacking the scope answers 403", async (_name, call) => {
    const error = await expectApiError(await call(bearer(aOrgOnly)), 403, "FORBIDDEN");
    expect(error.message).toMatch(/verticals:(read|write)/);
  });

  it("checks the key before the body: a bad body without a key answers 401", async () => {
    await expectApiError(await postSelect("not json"), 401, "UNAUTHORIZED");
  });

  it("echoes the caller's request id on errors", async () => {
    const response = await getTemplates({ "x-request-id": "req-12345678" });
    expect(response.headers.get("x-request-id")).toBe("req-12345678");
  });

  it("a verticals:read key cannot select, and nothing changes", async () => {
    const org = await createApiOrg();
    const read = await org.token(["verticals:read"]);
    const before = await countRows();
    const error = await expectApiError(
      await postSelect(JSON.stringify({ slug: "ecommerce" }), bearer(read)),
      403,
      "FORBIDDEN",
    );
    expect(error.message).toContain("verticals:write");
    expect(await countRows()).toEqual(before);
    expect((await configOf(read)).template).toBeNull();
  });
});

describe("GET /api/v1/verticals/templates", () => {
  it("lists every template with its versions, latest first in label and tagline", async () => {
    const response = await getTemplates(bearer(aRead));
    expect(response.status).toBe(200);
    const { data } = (await response.json()) as templatesRoute.TemplatesResponse;
    expect(data).toEqual([
      {
        slug: "ecommerce",
        label: contentOf("ecommerce", 1).label,
        tagline: contentOf("ecommerce", 1).tagline,
        latestVersion: 1,
        versions: [1],
      },
      {
        slug: "real-estate",
        label: contentOf("real-estate", 2).label,
        tagline: contentOf("real-estate", 2).tagline,
        latestVersion: 2,
        versions: [1, 2],
      },
    ]);
  });
});

describe("GET /api/v1/verticals/[slug]", () => {
  it("answers the latest version without ?version", async () => {
    const response = await getTemplate("real-estate", "", bearer(aRead));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      data: { slug: "real-estate", version: 2, content: contentOf("real-estate", 2) },
    });
  });

  it("answers the version asked for", async () => {
    const response = await getTemplate("real-estate", "?version=1", bearer(aRead));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      data: { slug: "real-estate", version: 1, content: contentOf("real-estate", 1) },
    });
  });

  it("an unknown slug answers 404", async () => {
    const error = await expectApiError(
      await getTemplate("bakery", "", bearer(aRead)),
      404,
      "NOT_FOUND",
    );
    expect(error.message).toContain("bakery");
    expect(error).not.toHaveProperty("fieldErrors");
  });

  it.each([
    ["real-estate", "?version=3"],
    ["ecommerce", "?version=2"],
    ["bakery", "?version=1"],
  ])("%s%s (unknown version) answers 404", async (slug, query) => {
    await expectApiError(await getTemplate(slug, query, bearer(aRead)), 404, "NOT_FOUND");
  });

  it.each(["abc", "0", "-1", "1.5", "1e1", "0x1", "", " 1", "99999999999"])(
    "?version=%s answers 422 with the field at fault",
    async (version) => {
      const query = `?version=${encodeURIComponent(version)}`;
      const error = await expectApiError(
        await getTemplate("real-estate", query, bearer(aRead)),
        422,
        "VALIDATION",
      );
      expect(error.fieldErrors).toEqual({ version: [expect.stringContaining("whole number")] });
    },
  );

  it("is read-only: the route exports GET and nothing else", () => {
    expect(Object.keys(slugRoute).filter((k) => /^[A-Z]+$/.test(k))).toEqual(["GET"]);
    expect(Object.keys(selectRoute).filter((k) => /^[A-Z]+$/.test(k))).toEqual(["POST"]);
    expect(Object.keys(configRoute).filter((k) => /^[A-Z]+$/.test(k))).toEqual(["GET"]);
    expect(Object.keys(templatesRoute).filter((k) => /^[A-Z]+$/.test(k))).toEqual(["GET"]);
  });
});

describe("POST /api/v1/verticals/select and GET /api/v1/verticals/config", () => {
  it("config of an org that has not chosen is empty", async () => {
    expect(await configOf(aRead)).toEqual({ template: null, overrides: {}, resolved: null });
  });

  it.each([
    ["{}", "slug"],
    [JSON.stringify({ slug: "bakery" }), "slug"],
    [JSON.stringify({ slug: "ecommerce", version: 0 }), "version"],
    [JSON.stringify({ slug: "ecommerce", version: 1.5 }), "version"],
    ["[]", "form"],
    ["null", "form"],
    ["not json", "form"],
    ['{"slug": "ecommerce"', "form"],
    ["", "form"],
  ])("body %s answers 422 on %s and writes nothing", async (body, field) => {
    const org = await createApiOrg();
    const [read, write] = await Promise.all([
      org.token(["verticals:read"]),
      org.token(["verticals:write"]),
    ]);
    const before = await countRows();
    const error = await expectApiError(await postSelect(body, bearer(write)), 422, "VALIDATION");
    expect(error.fieldErrors?.[field]?.length).toBeGreaterThan(0);
    expect(await countRows()).toEqual(before);
    expect((await configOf(read)).template).toBeNull();
  });

  it.each([
    ["no content type", {}],
    ["text/plain", { "content-type": "text/plain" }],
    ["a form", { "content-type": "application/x-www-form-urlencoded" }],
  ])("a JSON body sent as %s answers 422 asking for JSON", async (_label, contentType) => {
    const request = new Request(`${BASE}/select`, {
      method: "POST",
      headers: { ...bearer(aWrite), ...contentType },
      body: JSON.stringify({ slug: "ecommerce" }),
    });
    if (!("content-type" in contentType)) request.headers.delete("content-type");
    const error = await expectApiError(await selectRoute.POST(request), 422, "VALIDATION");
    expect(error.message).toContain("application/json");
    expect(error.fieldErrors).toEqual({ form: [error.message] });
    expect((await configOf(aRead)).template).toBeNull();
  });

  it("accepts a JSON content type with a charset", async () => {
    const org = await createApiOrg();
    const write = await org.token(["verticals:write"]);
    const response = await postSelect(JSON.stringify({ slug: "ecommerce" }), {
      ...bearer(write),
      "content-type": "application/json; charset=utf-8",
    });
    expect(response.status).toBe(200);
  });

  it("an unknown version answers 404 and writes nothing", async () => {
    const before = await countRows();
    await expectApiError(
      await postSelect(JSON.stringify({ slug: "ecommerce", version: 2 }), bearer(aWrite)),
      404,
      "NOT_FOUND",
    );
    expect(await countRows()).toEqual(before);
    expect((await configOf(aRead)).template).toBeNull();
  });

  it("selects the latest version, and config returns the resolved configuration", async () => {
    const org = await createApiOrg();
    const [read, write] = await Promise.all([
      org.token(["verticals:read"]),
      org.token(["verticals:write"]),
    ]);
    const response = await postSelect(JSON.stringify({ slug: "ecommerce" }), bearer(write));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      data: { slug: "ecommerce", version: 1, droppedOverrides: [] },
    });
    expect(await configOf(read)).toEqual({
      template: {
        slug: "ecommerce",
        version: 1,
        label: contentOf("ecommerce", 1).label,
        latestVersion: 1,
      },
      overrides: {},
      resolved: contentOf("ecommerce", 1),
    });
  });

  it("pins an older version, and config tells the latest", async () => {
    const org = await createApiOrg();
    const [read, write] = await Promise.all([
      org.token(["verticals:read"]),
      org.token(["verticals:write"]),
    ]);
    const response = await postSelect(
      JSON.stringify({ slug: "real-estate", version: 1 }),
      bearer(write),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      data: { slug: "real-estate", version: 1, droppedOverrides: [] },
    });
    const config = await configOf(read);
    expect(config.template).toEqual({
      slug: "real-estate",
      version: 1,
      label: contentOf("real-estate", 1).label,
      latestVersion: 2,
    });
    expect(config.overrides).toEqual({});
    expect(config.resolved).toEqual(contentOf("real-estate", 1));

    // Then the upgrade to the latest.
    const upgraded = await postSelect(JSON.stringify({ slug: "real-estate" }), bearer(write));
    expect(await upgraded.json()).toEqual({
      data: { slug: "real-estate", version: 2, droppedOverrides: [] },
    });
    expect((await configOf(read)).template).toMatchObject({ version: 2, latestVersion: 2 });
  });
});

describe("across orgs", () => {
  it("org B's key never sees org A's choice", async () => {
    const selected = await postSelect(JSON.stringify({ slug: "real-estate" }), bearer(aWrite));
    expect(selected.status).toBe(200);
    expect((await configOf(aRead)).template).toMatchObject({ slug: "real-estate" });
    expect(await configOf(bRead)).toEqual({ template: null, overrides: {}, resolved: null });
  });

  it("org B's select changes only org B", async () => {
    const bWrite = await b.token(["verticals:write"]);
    const selected = await postSelect(JSON.stringify({ slug: "ecommerce" }), bearer(bWrite));
    expect(selected.status).toBe(200);
    expect((await configOf(bRead)).template).toMatchObject({ slug: "ecommerce" });
    expect((await configOf(aRead)).template).toMatchObject({ slug: "real-estate" });
  });
});
