import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actionCircuits, actionExecutions } from "@/db/schema";
import { withTenant } from "@/lib/db/scopes";
import { stopBoss } from "@/lib/jobs/boss";
import { setupFreshDatabase } from "@/test/db";
import { createOwner, type TestOwner } from "@/test/factories";
import { CIRCUIT_FAILURES, deliverWebhookCall, RetryLater } from "./deliver-webhook";
import { executeAction } from "./execute";
import { OutboundRefusedError, postOutbound } from "@/lib/http/outbound";
import { saveActionSettings } from "./service";
import { newWebhookSecret } from "@/lib/standard-webhooks/sign";

// webhook_call against a local HTTP receiver that verifies the Standard Webhooks signature with
// the reference implementation. The receiver listens on loopback, which outbound requests refuse
// unless OUTBOUND_ALLOW_LOOPBACK=true: set here before anything reads the environment.
process.env.OUTBOUND_ALLOW_LOOPBACK = "true";
await setupFreshDatabase();

type Received = { headers: IncomingMessage["headers"]; body: string; verified: unknown };
let server: Server;
let base: string;
const received: Received[] = [];
let answerWith = 200;
let secret: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (c: Buffer) => chunks.push(c));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      let verified: unknown = null;
      try {
        verified = new Webhook(secret).verify(body, request.headers as Record<string, string>);
      } catch (error) {
        verified = { error: (error as Error).message };
      }
      received.push({ headers: request.headers, body, verified });
      if (request.url === "/redirect") {
        response.writeHead(302, { location: "http://169.254.169.254/latest/meta-data" }).end();
        return;
      }
      response.writeHead(answerWith).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await stopBoss();
  await new Promise((resolve) => server.close(resolve));
});

let org: TestOwner;
beforeAll(async () => {
  org = await createOwner();
  secret = newWebhookSecret();
});

async function queued(url: string, data: Record<string, unknown> = { order: "SO-1042" }) {
  await saveActionSettings(org.ctx, {
    action: "webhook_call",
    enabled: true,
    requireApproval: false,
    config: { url },
    secret,
  });
  const answer = await executeAction(org.ctx, {
    action: "webhook_call",
    input: { event: "order.return_requested", data },
    dryRun: false,
    source: "user",
  });
  expect(answer.status).toBe("queued");
  return answer.executionId;
}

const execution = async (id: string) =>
  (
    await withTenant(org.ctx, (tx) =>
      tx.select().from(actionExecutions).where(eq(actionExecutions.id, id)),
    )
  )[0]!;

const attempt = (executionId: string, n = 1, finalAttempt = false) =>
  deliverWebhookCall(
    { orgId: org.orgId, executionId },
    { id: `job-${n}`, attempt: n, finalAttempt },
  );

describe("webhook_call delivery", () => {
  it("sends a request the reference implementation verifies, once", async () => {
    const id = await queued(`${base}/hooks`);
    expect(await attempt(id)).toBe("delivered");
    const last = received.at(-1)!;
    expect(last.verified).toMatchObject({
      type: "order.return_requested",
      data: { order: "SO-1042" },
    });
    expect(last.headers["webhook-id"]).toBe(id);
    expect(await execution(id)).toMatchObject({
      status: "succeeded",
      pendingInput: null,
      attempts: 1,
    });
    // A second run of the same job converges: nothing is sent again.
    const before = received.length;
    expect(await attempt(id, 2)).toBe("skipped");
    expect(received.length).toBe(before);
  });

  it("a signature made with another secret does not verify", async () => {
    const id = await queued(`${base}/hooks`);
    const real = secret;
    secret = newWebhookSecret(); // the receiver now expects another secret
    await attempt(id);
    expect(received.at(-1)!.verified).toEqual({ error: "No matching signature found" });
    secret = real;
  });

  it("retries 5xx answers, opens the circuit after repeated failures, and closes it on success", async () => {
    answerWith = 503;
    const id = await queued(`${base}/flaky`);
    for (let n = 1; n <= CIRCUIT_FAILURES; n++) {
      await expect(attempt(id, n)).rejects.toBeInstanceOf(RetryLater);
    }
    const sent = received.length;
    // The circuit is open: the next attempt waits without calling the destination…
    await expect(attempt(id, 6)).rejects.toThrow(/circuit open/);
    expect(received.length).toBe(sent);
    // …and the last one gives up in words.
    expect(await attempt(id, 7, true)).toBe("failed");
    expect(await execution(id)).toMatchObject({ status: "failed" });
    expect((await execution(id)).result).toMatch(/kept failing/);

    answerWith = 200;
    await withTenant(org.ctx, (tx) =>
      tx
        .update(actionCircuits)
        .set({ openUntil: new Date(0) })
        .where(eq(actionCircuits.orgId, org.orgId)),
    );
    const next = await queued(`${base}/flaky`);
    expect(await attempt(next)).toBe("delivered");
    const [circuit] = await withTenant(org.ctx, (tx) => tx.select().from(actionCircuits));
    expect(circuit).toMatchObject({ failures: 0, openUntil: null });
  });

  it("fails a 4xx refusal at once, without retrying", async () => {
    answerWith = 410;
    const id = await queued(`${base}/gone`);
    expect(await attempt(id)).toBe("failed");
    expect((await execution(id)).result).toBe(
      "The business's system refused the request (HTTP 410).",
    );
    answerWith = 200;
  });

  it("does not follow a redirect (here to the cloud metadata address)", async () => {
    const id = await queued(`${base}/redirect`);
    expect(await attempt(id)).toBe("failed");
    expect((await execution(id)).result).toMatch(/redirects are not followed/);
  });
});

describe("outbound address checks", () => {
  const refused = (url: string) =>
    expect(postOutbound(url, {}, "{}", { allowLoopback: false })).rejects.toBeInstanceOf(
      OutboundRefusedError,
    );

  it.each([
    "http://127.0.0.1:9/",
    "http://10.1.2.3/",
    "http://172.16.0.1/",
    "http://192.168.1.1/",
    "http://169.254.169.254/latest/meta-data",
    "http://[::1]/",
    "http://[fe80::1]/",
    "http://[fd00::1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://0.0.0.0/",
    "http://100.64.0.1/",
  ])("refuses %s", async (url) => {
    await refused(url);
  });

  it("refuses a hostname that resolves to 127.0.0.1, after DNS", async () => {
    await refused(`http://localhost:${new URL(base).port}/hooks`);
  });

  it("refuses other schemes and URLs with credentials", async () => {
    await refused("ftp://example.com/");
    await refused("http://user:pass@example.com/");
  });

  it("lets loopback through only when allowed, and never private ranges", async () => {
    await expect(
      postOutbound(`http://localhost:${new URL(base).port}/hooks`, {}, "{}", {
        allowLoopback: true,
      }),
    ).resolves.toMatchObject({ status: 200 });
    await expect(
      postOutbound("http://10.0.0.1/", {}, "{}", { allowLoopback: true }),
    ).rejects.toBeInstanceOf(OutboundRefusedError);
  });
});
