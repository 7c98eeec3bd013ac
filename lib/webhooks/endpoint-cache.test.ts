import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "@/lib/env";
import { stopBoss } from "@/lib/jobs/boss";
import { ownerSql, setupFreshDatabase } from "@/test/db";
import { createOwner, type TestOwner } from "@/test/factories";
import { statusUpdate } from "@/test/fixtures/vapi";
import { connectChannels, postVapi, type Connected } from "@/test/webhooks";
import { waitFor } from "@/test/wait";

// The receiver keeps endpoints and their decrypted secrets in memory (endpoint-cache.ts). What it
// promises: a secret that stops being valid stops working at once when PostgreSQL's notification
// arrives, and in any case within WEBHOOK_ENDPOINT_CACHE_SECONDS (default 5).

await setupFreshDatabase();
afterAll(stopBoss);

let owner: TestOwner;
let channels: Connected;
beforeAll(async () => {
  owner = await createOwner();
  channels = await connectChannels(owner.ctx);
});

const post = () =>
  postVapi(channels.vapiEndpoint, statusUpdate("in-progress", { callId: randomUUID() }), {
    "x-vapi-secret": channels.vapiSecret,
  }).then((response) => response.status);

/** Ends the current secrets' validity now, as the end of a rotation's grace period does. */
const expireSecrets = (sql: ReturnType<typeof ownerSql>) =>
  sql`update channel_secrets set expires_at = now() - interval '1 second'
       where org_id = ${owner.orgId}`;

describe("the receiver's endpoint cache", () => {
  it("stops accepting an expired secret as soon as PostgreSQL says it changed", async () => {
    expect(await post()).toBe(200); // kept in memory from here on
    expect(await post()).toBe(200);
    await expireSecrets(ownerSql());
    // The notification arrives within milliseconds of the commit; waitFor gives it up to a second.
    expect(await waitFor(post, (status) => status === 401, { timeout: 1000 })).toBe(401);
  });

  it("stops accepting it within the cache's lifetime even when no notification arrives", async () => {
    channels = await connectChannels(owner.ctx); // a fresh, valid secret
    expect(await post()).toBe(200);
    // A change PostgreSQL does not notify (triggers off for this session): only the lifetime
    // bounds how long the kept secret still works.
    await ownerSql().begin(async (tx) => {
      await tx`set local session_replication_role = replica`;
      await expireSecrets(tx as unknown as ReturnType<typeof ownerSql>);
    });
    expect(await post()).toBe(200); // still the kept secret: the cache is on
    await sleep(env().WEBHOOK_ENDPOINT_CACHE_SECONDS * 1000 + 200);
    expect(await post()).toBe(401);
  });

  it("forgets an endpoint whose channel is removed", async () => {
    channels = await connectChannels(owner.ctx);
    expect(await post()).toBe(200);
    await ownerSql()`delete from channel_connections where org_id = ${owner.orgId} and provider = 'vapi'`;
    expect(await waitFor(post, (status) => status === 404, { timeout: 1000 })).toBe(404);
  });
});
