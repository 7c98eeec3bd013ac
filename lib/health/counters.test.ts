import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stopBoss } from "@/lib/jobs/boss";
import { ownerSql, setupFreshDatabase } from "@/test/db";
import { createOwner, type TestOwner } from "@/test/factories";
import { voiceWebhook } from "@/test/fixtures/twilio";
import { assistantRequest } from "@/test/fixtures/vapi";
import { connectChannels, postTwilio, postVapi, type Connected } from "@/test/webhooks";
import { flushHealthCounters } from "./counters";
import { evaluateOrgHealth } from "./evaluate";

// The two signals the webhook path counts in memory, through the real webhook routes: forged
// Twilio requests are refused, counted for the org named by the URL (nothing else about them is
// kept) and put the phone line in outage; assistant-requests are counted with their answer.

await setupFreshDatabase();

let a: TestOwner;
let b: TestOwner;
let A: Connected;
let B: Connected;
beforeAll(async () => {
  a = await createOwner({ orgName: "Forged Lane Realty" });
  b = await createOwner({ orgName: "Quiet Street Realty" });
  A = await connectChannels(a.ctx);
  B = await connectChannels(b.ctx);
});
afterAll(async () => {
  await stopBoss();
});

const componentOf = async (orgId: string, component: string) =>
  (await evaluateOrgHealth(orgId)).health.find((c) => c.component === component)!;

describe("requests refused for their signature", () => {
  it("are counted per org and channel, without anything of the request", async () => {
    for (let i = 0; i < 5; i++) {
      const response = await postTwilio(A.twilioEndpoint, "voice", voiceWebhook(), A.authToken, {
        signature: "forged",
      });
      expect(response.status).toBe(401);
    }
    await flushHealthCounters();
    const rows = await ownerSql()`select * from webhook_signature_refusals`;
    expect(rows.map((r) => [r.org_id, r.provider, r.count])).toEqual([[a.ctx.org.id, "twilio", 5]]);
    expect(Object.keys(rows[0]!).sort()).toEqual(["count", "minute", "org_id", "provider"]);
    const stored = await ownerSql()`select count(*)::int as n from webhook_events
      where org_id = ${a.ctx.org.id}`;
    expect(stored[0]!.n).toBe(0);
  });

  it("put the phone line in outage, and say why; the other org is untouched", async () => {
    const phone = await componentOf(a.ctx.org.id, "phone");
    expect(phone.status).toBe("major_outage");
    expect(phone.reason).toContain("5 requests with a bad signature were refused");
    expect((await componentOf(b.ctx.org.id, "phone")).status).toBe("operational");
  });

  it("adds the counts of several flushes", async () => {
    await postTwilio(A.twilioEndpoint, "voice", voiceWebhook(), A.authToken, { signature: "x" });
    await flushHealthCounters();
    const [row] = await ownerSql()`select sum(count)::int as n from webhook_signature_refusals
      where org_id = ${a.ctx.org.id}`;
    expect(row!.n).toBe(6);
  });
});

describe("assistant-request answers", () => {
  it("are counted with their answer, for the agent component", async () => {
    for (let i = 0; i < 3; i++) {
      const response = await postVapi(B.vapiEndpoint, assistantRequest(), {
        "x-vapi-secret": B.vapiSecret,
      });
      expect(response.status).toBe(200);
    }
    await flushHealthCounters();
    const [row] = await ownerSql()`select answered, failed from assistant_request_stats
      where org_id = ${b.ctx.org.id}`;
    expect(row).toEqual({ answered: 3, failed: 0 });
    const agent = await componentOf(b.ctx.org.id, "agent");
    expect(agent.status).toBe("operational");
    expect(agent.reason).toMatch(/3 assistant requests (answered in time|took over)/);
  });
});
