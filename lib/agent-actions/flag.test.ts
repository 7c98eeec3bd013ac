import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NAV_ITEMS, visibleNavItems } from "@/components/shell/nav";
import { tasks } from "@/db/schema";
import { withTenant } from "@/lib/db/scopes";
import { flagsForOrg } from "@/lib/flags/evaluate";
import { setFlagOverride } from "@/lib/flags/overrides";
import { isHiddenPath, requireFlagOr404 } from "@/lib/flags/pages";
import { configurePostHog } from "@/lib/flags/posthog";
import { FLAGS } from "@/lib/flags/registry";
import { stopBoss } from "@/lib/jobs/boss";
import type { Operator } from "@/lib/staff/actor";
import { grantStaff, loadStaffMember } from "@/lib/staff/staff";
import { bearer, createApiOrg, type ApiOrg } from "@/test/api";
import { setupFreshDatabase } from "@/test/db";
import { createOwner } from "@/test/factories";
import { assistantRequest, toolCalls, VAPI_IDS } from "@/test/fixtures/vapi";
import { connectChannels, postVapi, type Connected } from "@/test/webhooks";
import * as catalogRoute from "@/app/api/v1/actions/catalog/route";
import * as executeRoute from "@/app/api/v1/actions/execute/route";
import { saveActionSettings } from "./service";
import { webhookCallJob } from "./webhook-call-job";

// The actions module behind FLAGS.actions ("actions"), each gate checked with a staff override
// turning it off for one org (off) while another org keeps the default (on). VAPI's questions go
// through the real webhook route, as in vapi-tool-calls.test.ts.

await setupFreshDatabase();
afterAll(stopBoss);

const KEY = FLAGS.actions.key;
let off: ApiOrg;
let on: ApiOrg;
let OFF: Connected;
let ON: Connected;

beforeAll(async () => {
  await configurePostHog(null);
  [off, on] = await Promise.all([createApiOrg(), createApiOrg()]);
  // No Assistant ID: Luneo answers assistant-request with its own assistant and the org's tools.
  [OFF, ON] = await Promise.all([
    connectChannels(off.ctx, null, null),
    connectChannels(on.ctx, null, null),
  ]);
  for (const org of [off, on]) {
    for (const action of ["ticket", "transfer"] as const) {
      await saveActionSettings(org.ctx, {
        action,
        enabled: true,
        requireApproval: false,
        config: action === "transfer" ? { number: "+14155550123" } : {},
      });
    }
  }
  const person = await createOwner();
  const operator: Operator = { type: "operator", name: "actions-flag-tester" };
  await grantStaff(operator, person.email);
  const staff = (await loadStaffMember({ id: person.userId, email: person.email }))!;
  await setFlagOverride(staff, { orgId: off.orgId, key: KEY, value: "off" });
});

const post = (connected: Connected, body: unknown) =>
  postVapi(connected.vapiEndpoint, body, { "x-vapi-secret": connected.vapiSecret });

const ticketCall = (callId: string) =>
  toolCalls({
    callId,
    message: {
      toolCallList: [
        {
          id: "call_ticket_flag",
          type: "function",
          function: { name: "ticket", arguments: JSON.stringify({ title: "Call back the buyer" }) },
        },
      ],
      toolWithToolCallList: undefined,
    },
  });

const taskCount = (org: ApiOrg) =>
  withTenant(org.ctx, async (tx) => (await tx.select().from(tasks)).length);

describe("the actions flag, off for one org", () => {
  it("the /api/v1/actions routes answer 404 for it and run for the other org", async () => {
    const call = async (org: ApiOrg) => {
      const headers = bearer(await org.token(["actions:read", "actions:execute"]));
      const catalog = await catalogRoute.GET(
        new Request("http://localhost/api/v1/actions/catalog", { headers }),
      );
      const execute = await executeRoute.POST(
        new Request("http://localhost/api/v1/actions/execute", {
          method: "POST",
          headers: { ...headers, "content-type": "application/json", "idempotency-key": "k-1" },
          body: JSON.stringify({ action: "ticket", input: { title: "Send the floor plan" } }),
        }),
      );
      return [catalog.status, execute.status];
    };
    expect(await call(off)).toEqual([404, 404]);
    expect(await call(on)).toEqual([200, 200]);
    expect(await taskCount(off)).toBe(0);
  });

  it("hides /tasks and /settings/actions (and what is under them), and their nav entries", async () => {
    for (const path of ["/tasks", "/settings/actions", "/settings/actions/journal"]) {
      expect(await isHiddenPath(off.orgId, path)).toBe(true);
      expect(await isHiddenPath(on.orgId, path)).toBe(false);
    }
    expect(await isHiddenPath(off.orgId, "/settings/agent")).toBe(false);
    await expect(requireFlagOr404(off.orgId, KEY)).rejects.toMatchObject({
      digest: "NEXT_HTTP_ERROR_FALLBACK;404",
    });
    await expect(requireFlagOr404(on.orgId, KEY)).resolves.toBeUndefined();
    const labels = async (org: ApiOrg) =>
      visibleNavItems(NAV_ITEMS, org.ctx, await flagsForOrg(org.orgId)).map((i) => i.label);
    const offLabels = await labels(off);
    expect(offLabels).not.toContain("Tasks");
    expect(offLabels).not.toContain("Actions");
    expect(offLabels).toContain("Agent");
    expect(await labels(on)).toEqual(expect.arrayContaining(["Tasks", "Actions"]));
  });

  it("the actions.webhook_call job completes as skipped for it", async () => {
    const payload = { orgId: off.orgId, executionId: "00000000-0000-4000-8000-0000000000b1" };
    expect(
      await webhookCallJob.handler(payload, { id: "job-1", attempt: 1, finalAttempt: false }),
    ).toEqual({ skipped: "flag-off", flag: KEY });
  });

  it("VAPI tool calls are answered that the tool is not available, creating nothing", async () => {
    const refused = await post(OFF, ticketCall("call-flag-off"));
    expect(refused.status).toBe(200);
    expect(await refused.json()).toEqual({
      results: [
        {
          toolCallId: "call_ticket_flag",
          result: `The tool “ticket” is not available for ${off.ctx.org.name}.`,
        },
      ],
    });
    expect(await taskCount(off)).toBe(0);

    const before = await taskCount(on);
    const answered = await (await post(ON, ticketCall("call-flag-on"))).json();
    expect(answered.results[0].result).toMatch(/^I've passed it to the team/);
    expect(await taskCount(on)).toBe(before + 1);
  });

  it("transfer-destination-request gets an error in words, the other org its number", async () => {
    const body = {
      message: {
        type: "transfer-destination-request",
        call: { id: "call-t" },
        customer: { number: VAPI_IDS.customerNumber },
      },
    };
    expect(await (await post(OFF, body)).json()).toEqual({
      error: `The tool “transfer” is not available for ${off.ctx.org.name}.`,
    });
    expect(await (await post(ON, body)).json()).toMatchObject({
      destination: { type: "number", number: "+14155550123" },
    });
  });

  it("the assistant Luneo serves on assistant-request lists no action tools for it", async () => {
    const offAnswer = await (await post(OFF, assistantRequest())).json();
    expect(offAnswer.assistant.model.tools).toBeUndefined();
    expect(offAnswer.assistant.serverMessages).not.toContain("tool-calls");
    const onAnswer = await (await post(ON, assistantRequest())).json();
    expect(onAnswer.assistant.model.tools.map((t: { type: string }) => t.type)).toEqual([
      "function",
      "transferCall",
    ]);
  });
});
