import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { contacts, tasks } from "@/db/schema";
import { saveActionSettings } from "@/lib/agent-actions/service";
import { withTenant } from "@/lib/db/scopes";
import { setupFreshDatabase } from "@/test/db";
import { bearer, createApiOrg, expectApiError, type ApiOrg } from "@/test/api";
import * as catalogRoute from "./catalog/route";
import * as executeRoute from "./execute/route";

await setupFreshDatabase();

// Contract tests of /api/v1/actions: the exported handlers called with real Requests against a
// real database, as Next would call them.

const BASE = "http://localhost/api/v1/actions";

const catalog = (headers: HeadersInit = {}) =>
  catalogRoute.GET(new Request(`${BASE}/catalog`, { headers }));

const execute = (body: unknown, headers: HeadersInit = {}) =>
  executeRoute.POST(
    new Request(`${BASE}/execute`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );

const taskCount = (org: ApiOrg) =>
  withTenant(
    org.ctx,
    async (tx) => (await tx.select().from(tasks).where(eq(tasks.orgId, org.orgId))).length,
  );

let a: ApiOrg;
let b: ApiOrg;
let runner: string;

beforeAll(async () => {
  [a, b] = await Promise.all([createApiOrg(), createApiOrg()]);
  await saveActionSettings(a.ctx, {
    action: "ticket",
    enabled: true,
    requireApproval: false,
    config: {},
  });
  runner = await a.token(["actions:execute"]);
});

describe("GET /api/v1/actions/catalog", () => {
  it("lists the actions with their JSON Schema and VAPI tool, never their configuration", async () => {
    const response = await catalog(bearer(await a.token(["actions:read"])));
    expect(response.status).toBe(200);
    const { data } = await response.json();
    const ticket = data.find((d: { name: string }) => d.name === "ticket");
    expect(ticket).toMatchObject({
      enabled: true,
      risk: "write",
      inputSchema: { type: "object", required: ["title"] },
      vapiTool: { type: "function", function: { name: "ticket" } },
    });
    expect(ticket).not.toHaveProperty("config");
  });

  it("needs a key with actions:read", async () => {
    await expectApiError(await catalog(), 401, "UNAUTHORIZED");
    await expectApiError(await catalog(bearer(await a.token(["contacts:read"]))), 403, "FORBIDDEN");
  });
});

describe("POST /api/v1/actions/execute", () => {
  it("runs once per Idempotency-Key, replays the first answer, and refuses another body under it", async () => {
    const body = { action: "ticket", input: { title: "Chase the courier for order SO-1042" } };
    const headers = { ...bearer(runner), "idempotency-key": "order-SO-1042-chase" };
    const first = await execute(body, headers);
    expect(first.status).toBe(200);
    const one = (await first.json()).data;
    expect(one).toMatchObject({
      action: "ticket",
      status: "succeeded",
      replayed: false,
      dryRun: false,
    });
    const again = (await (await execute(body, headers)).json()).data;
    expect(again).toEqual({ ...one, replayed: true });
    expect(await taskCount(a)).toBe(1);
    const conflict = await expectApiError(
      await execute({ ...body, input: { title: "Something else" } }, headers),
      409,
      "CONFLICT",
    );
    expect(conflict.message).toMatch(/Idempotency-Key was already used/);
    // Another org's key with the same Idempotency-Key is another request altogether.
    await saveActionSettings(b.ctx, {
      action: "ticket",
      enabled: true,
      requireApproval: false,
      config: {},
    });
    const other = await execute(body, {
      ...bearer(await b.token(["actions:execute"])),
      "idempotency-key": "order-SO-1042-chase",
    });
    expect((await other.json()).data.replayed).toBe(false);
  });

  it("refuses the same Idempotency-Key for a dry-run of the same input (another request)", async () => {
    const headers = { ...bearer(runner), "idempotency-key": "dry-then-real" };
    const body = { action: "ticket", input: { title: "Book the photographer" } };
    expect((await execute({ ...body, dryRun: true }, headers)).status).toBe(200);
    await expectApiError(await execute(body, headers), 409, "CONFLICT");
    // Another key of the same org may use the same Idempotency-Key: keys are per API key.
    const second = await a.token(["actions:execute"]);
    const fresh = await execute(body, { ...bearer(second), "idempotency-key": "dry-then-real" });
    expect((await fresh.json()).data).toMatchObject({ replayed: false, status: "succeeded" });
  });

  it("cannot reach another org's contact: the run fails in words and writes nothing there", async () => {
    const [contact] = await withTenant(a.ctx, (tx) =>
      tx
        .insert(contacts)
        .values({ orgId: a.orgId, name: "A's caller", phoneE164: "+33612399001" })
        .returning({ id: contacts.id }),
    );
    await saveActionSettings(b.ctx, {
      action: "ticket",
      enabled: true,
      requireApproval: false,
      config: {},
    });
    const [before, beforeB] = [await taskCount(a), await taskCount(b)];
    const response = await execute(
      { action: "ticket", input: { title: "Call them", contactId: contact!.id } },
      bearer(await b.token(["actions:execute"])),
    );
    expect(response.status).toBe(200);
    expect((await response.json()).data).toMatchObject({
      status: "failed",
      result: "This contact was not found.",
    });
    expect(await taskCount(a)).toBe(before);
    expect(await taskCount(b)).toBe(beforeB);
  });

  it("dry-runs: renders the effect and creates nothing", async () => {
    const before = await taskCount(a);
    const response = await execute(
      { action: "ticket", input: { title: "Refund the damaged vase" }, dryRun: true },
      bearer(runner),
    );
    const { data } = await response.json();
    expect(data).toMatchObject({
      dryRun: true,
      status: "succeeded",
      effect: { task: { title: "Refund the damaged vase" } },
    });
    expect(await taskCount(a)).toBe(before);
  });

  it("answers 202 for what waits for approval", async () => {
    await saveActionSettings(a.ctx, {
      action: "ticket",
      enabled: true,
      requireApproval: true,
      config: {},
    });
    const response = await execute(
      { action: "ticket", input: { title: "Offer a gesture" } },
      bearer(runner),
    );
    expect(response.status).toBe(202);
    expect((await response.json()).data.status).toBe("pending_approval");
    await saveActionSettings(a.ctx, {
      action: "ticket",
      enabled: true,
      requireApproval: false,
      config: {},
    });
  });

  it("refuses: no key, the wrong scope, unknown actions, bad input, update_contact without contacts:write", async () => {
    const body = { action: "ticket", input: { title: "x" } };
    await expectApiError(await execute(body), 401, "UNAUTHORIZED");
    await expectApiError(
      await execute(body, bearer(await a.token(["actions:read"]))),
      403,
      "FORBIDDEN",
    );
    await expectApiError(
      await execute({ action: "nope", input: {} }, bearer(runner)),
      404,
      "NOT_FOUND",
    );
    const bad = await expectApiError(
      await execute({ action: "ticket", input: { title: "" } }, bearer(runner)),
      422,
      "VALIDATION",
    );
    expect(bad.fieldErrors).toEqual({ title: ["The task cannot be empty."] });
    await expectApiError(await execute("{not json", bearer(runner)), 422, "VALIDATION");
    await expectApiError(
      await execute({ action: "update_contact", input: { name: "x" } }, bearer(runner)),
      403,
      "FORBIDDEN",
    );
    await expectApiError(
      await execute(body, { ...bearer(runner), "idempotency-key": "has space" }),
      422,
      "VALIDATION",
    );
    await expectApiError(
      await execute({ action: "transfer", input: {} }, bearer(runner)),
      403,
      "FORBIDDEN",
    );
  });
});
