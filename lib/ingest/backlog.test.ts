import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "@/lib/db/scopes";
import { stopBoss } from "@/lib/jobs/boss";
import { ownerSql, setupFreshDatabase } from "@/test/db";
import { createOwner, type TestOwner } from "@/test/factories";
import { statusUpdate } from "@/test/fixtures/vapi";
import { connectChannels, postVapi, type Connected } from "@/test/webhooks";
import { ingestBacklog } from "./backlog";

await setupFreshDatabase();
afterAll(stopBoss);

let a: TestOwner;
let b: TestOwner;
let A: Connected;
beforeAll(async () => {
  [a, b] = await Promise.all([createOwner(), createOwner()]);
  A = await connectChannels(a.ctx);
});

describe("ingestBacklog", () => {
  it("counts an org's acknowledged, unprocessed events and the age of the oldest, and no other org's", async () => {
    expect(await withTenant(a.ctx, ingestBacklog)).toStrictEqual({
      waiting: 0,
      oldestWaitingSeconds: 0,
      deadLettered: 0,
    });
    for (const status of ["queued", "ringing"] as const) {
      const response = await postVapi(A.vapiEndpoint, statusUpdate(status), {
        "x-vapi-secret": A.vapiSecret,
      });
      expect(response.status).toBe(200);
    }
    await ownerSql()`update webhook_events set received_at = now() - interval '90 seconds'
      where org_id = ${a.orgId} and kind = 'status-update' and event_key like '%:queued'`;
    const backlog = await withTenant(a.ctx, ingestBacklog);
    expect(backlog.waiting).toBe(2);
    expect(backlog.oldestWaitingSeconds).toBeGreaterThanOrEqual(90);
    expect(await withTenant(b.ctx, ingestBacklog)).toMatchObject({ waiting: 0 });
  });
});
