import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { Gauge, Registry } from "prom-client";
import { withSystem } from "@/lib/db/scopes";
import { env } from "@/lib/env";
import { ALL_JOBS } from "@/lib/jobs/queues";
import { INBOX_QUEUE } from "./queue-figures";
import { readPlatformHealth } from "./platform";

// /api/metrics in Prometheus' text format (prom-client). Read at each scrape from the database, so
// every process answers the same; protected by METRICS_TOKEN (absent: the endpoint does not exist).

const digest = (value: string) => createHash("sha256").update(value).digest();

/** True when `authorization` is `Bearer <METRICS_TOKEN>` (compared in constant time). */
export function metricsAuthorised(authorization: string | null): boolean | "disabled" {
  const token = env().METRICS_TOKEN;
  if (!token) return "disabled";
  const given = /^Bearer (.+)$/.exec(authorization ?? "")?.[1] ?? "";
  return timingSafeEqual(digest(given), digest(token));
}

export async function renderMetrics(): Promise<{ body: string; contentType: string }> {
  const registry = new Registry();
  const gauge = (name: string, help: string, labelNames: string[] = []) =>
    new Gauge({ name, help, labelNames, registers: [registry] });
  const h = await withSystem("metrics scrape", readPlatformHealth);

  const events = gauge(
    "luneo_webhook_events_last_hour",
    "Webhook events received in the last hour, by status",
    ["status"],
  );
  for (const status of ["received", "processed", "failed", "dead_lettered", "rejected"]) {
    events.set({ status }, h.events[status] ?? 0);
  }
  gauge(
    "luneo_webhook_oldest_waiting_seconds",
    "Age of the oldest webhook event not yet processed (0 when none waits)",
  ).set(h.oldestWaitingSeconds ?? 0);
  const orgs = gauge(
    "luneo_orgs_by_health",
    "Orgs by the worst status of their components at the last evaluation",
    ["status"],
  );
  for (const [status, n] of Object.entries(h.orgsByStatus)) orgs.set({ status }, n);
  gauge("luneo_incidents_open", "Incidents not resolved, all orgs").set(h.openIncidents);
  gauge(
    "luneo_credential_checks_failing",
    "Provider credential checks refused, suspended or closed",
  ).set(h.credentialFailures);
  const llm = gauge(
    "luneo_llm_cost_per_100_conversations",
    "LLM cost (USD, from VAPI's cost breakdown) per 100 conversations over 30 days, by org",
    ["org_id"],
  );
  for (const row of h.llmCost) llm.set({ org_id: row.orgId }, row.per100);

  const requests = gauge(
    "luneo_http_requests_last_hour",
    "Route handler answers in the last hour, all processes, by surface",
    ["surface"],
  );
  const errors = gauge(
    "luneo_http_server_errors_last_hour",
    "Route handler answers with a 5xx status in the last hour, by surface",
    ["surface"],
  );
  const p95 = gauge(
    "luneo_http_p95_milliseconds_last_hour",
    "95th percentile answer time in the last hour (upper bound of its bucket), by surface",
    ["surface"],
  );
  for (const r of h.requests) {
    requests.set({ surface: r.surface }, r.requests);
    errors.set({ surface: r.surface }, r.serverErrors);
    if (r.p95Ms !== null && Number.isFinite(r.p95Ms)) p95.set({ surface: r.surface }, r.p95Ms);
  }

  const waiting = gauge("luneo_job_queue_waiting", "Jobs waiting in each queue", ["queue"]);
  const lag = gauge(
    "luneo_job_queue_lag_seconds",
    "How long the oldest job that could run has waited, by queue (0 when none waits)",
    ["queue"],
  );
  const finished = gauge(
    "luneo_jobs_finished_last_hour",
    "Jobs completed or failed for good in the last hour, by queue",
    ["queue"],
  );
  const failed = gauge(
    "luneo_jobs_failed_last_hour",
    "Jobs failed for good (retries spent) in the last hour, by queue",
    ["queue"],
  );
  const byName = new Map(h.queues.map((q) => [q.queue, q]));
  // Every queue, idle ones at 0; ingestion's is the webhook inbox (docs/adr/0019).
  for (const queue of [INBOX_QUEUE, ...ALL_JOBS.map((job) => job.name)]) {
    const q = byName.get(queue);
    waiting.set({ queue }, q?.waiting ?? 0);
    lag.set({ queue }, q?.lagSeconds ?? 0);
    finished.set({ queue }, q?.finishedLastHour ?? 0);
    failed.set({ queue }, q?.failedLastHour ?? 0);
  }
  return { body: await registry.metrics(), contentType: registry.contentType };
}
