import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stopBoss } from "@/lib/jobs/boss";
import { setupFreshDatabase } from "@/test/db";
import { createOwner } from "@/test/factories";
import { endOfCallReport } from "@/test/fixtures/vapi";
import { connectChannels, postVapi } from "@/test/webhooks";
import { GET } from "./route";

// /api/metrics: Prometheus' text format behind METRICS_TOKEN, figures read from the database.

const TOKEN = "metrics-token-0123456789abcdef0123456789";
process.env.METRICS_TOKEN = TOKEN;
await setupFreshDatabase();
afterAll(stopBoss);

const scrape = (authorization?: string) =>
  GET(
    new Request("http://localhost/api/metrics", {
      headers: authorization ? { authorization } : {},
    }),
  );

beforeAll(async () => {
  const owner = await createOwner();
  const channels = await connectChannels(owner.ctx);
  await postVapi(channels.vapiEndpoint, endOfCallReport(), {
    "x-vapi-secret": channels.vapiSecret,
  });
});

describe("GET /api/metrics", () => {
  it("refuses a scrape without the token, or with another one", async () => {
    expect((await scrape()).status).toBe(401);
    expect((await scrape(`Bearer ${TOKEN.slice(1)}`)).status).toBe(401);
  });

  it("answers the platform's figures in Prometheus' text format", async () => {
    const response = await scrape(`Bearer ${TOKEN}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(text).toContain("# TYPE luneo_webhook_events_last_hour gauge");
    expect(text).toMatch(/^luneo_webhook_events_last_hour\{status="received"\} 1$/m);
    expect(text).toMatch(/^luneo_webhook_oldest_waiting_seconds \d/m);
    expect(text).toMatch(/^luneo_job_queue_waiting\{queue="ingest\.normalize"\} 1$/m);
    expect(text).toContain("luneo_incidents_open 0");
  });
});
