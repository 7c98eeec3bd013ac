import { createHmac } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { incidents, outboxMessages, webhookEvents } from "@/db/schema";
import { withTenant } from "@/lib/db/scopes";
import { getBoss, stopBoss } from "@/lib/jobs/boss";
import { QUEUES } from "@/lib/jobs/queues";
import { startIngestWorker, work } from "@/lib/jobs/worker";
import { parseInput } from "@/lib/parse-input";
import { ownerSql, setupFreshDatabase } from "@/test/db";
import { expectAppError } from "@/test/errors";
import { addMember, createOwner, type TestMember, type TestOwner } from "@/test/factories";
import { endOfCallReport, VAPI_IDS } from "@/test/fixtures/vapi";
import { startHookReceiver, startProviderApis, type ReceivedHook } from "@/test/provider-apis";
import { startTestSmtp } from "@/test/smtp";
import { waitFor } from "@/test/wait";
import { connectChannels, postVapi, type Connected } from "@/test/webhooks";
import { checkOrgCredentials } from "./credentials/check";
import { evaluateOrgHealth } from "./evaluate";
import { getIncident, listIncidents } from "./incidents/queries";
import { getHealthOverview } from "./queries";
import { getPublicStatus } from "./status-page/queries";
import { healthSettingsSchema, incidentUpdateSchema } from "./schemas";
import { openIncident, postIncidentUpdate, saveHealthSettings, writePostmortem } from "./service";

// Health end to end on a real PostgreSQL: signed VAPI reports through the real webhook route,
// the real ingest, mail and alert-webhook workers, a local SMTP server, local stand-ins for
// Twilio's and VAPI's APIs and a local webhook receiver. Time passing is played by moving the
// org's stored timestamps back (as the owner, behind the app's back), never by sleeping.

const smtp = await startTestSmtp();
const apis = await startProviderApis();
const hooks = await startHookReceiver();
process.env.SMTP_URL = smtp.url;
process.env.TWILIO_API_BASE_URL = apis.url;
process.env.VAPI_API_BASE_URL = apis.url;
process.env.OUTBOUND_ALLOW_LOOPBACK = "true";
await setupFreshDatabase();
afterAll(async () => {
  await stopBoss();
  await Promise.all([smtp.stop(), apis.close(), hooks.close()]);
});

// Workers poll pg-boss and send over SMTP and HTTP: on a loaded machine that takes a while, and
// the tests after one depend on it, so this file waits longer than the default.
const SLOW = { timeout: 50_000 };
vi.setConfig({ testTimeout: 60_000 });

let a: TestOwner;
let A: Connected;
let admin: TestMember;
let member: TestMember;

beforeAll(async () => {
  const boss = await getBoss();
  for (const job of [QUEUES.mail, QUEUES.healthCredentials, QUEUES.healthAlertWebhook]) {
    await work(boss, job);
  }
  startIngestWorker(boss);
  a = await createOwner({ orgName: "Harbour Lane Realty" });
  admin = await addMember(a.ctx, "admin");
  member = await addMember(a.ctx, "member");
  A = await connectChannels(a.ctx);
  await saveHealthSettings(
    a.ctx,
    parseInput(healthSettingsSchema, { statusPageEnabled: "on", alertWebhookUrl: hooks.url }),
  );
});

/** Moves the org's health clock: its status periods (and, with events, its inbox) `minutes` back. */
async function age(orgId: string, minutes: number, { events = false } = {}) {
  const by = `${minutes} minutes`;
  await ownerSql()`update component_status_periods
    set started_at = started_at - ${by}::interval, ended_at = ended_at - ${by}::interval
    where org_id = ${orgId}`;
  await ownerSql()`update incidents set started_at = started_at - ${by}::interval,
    resolved_at = resolved_at - ${by}::interval where org_id = ${orgId}`;
  if (events) {
    await ownerSql()`update webhook_events set received_at = received_at - ${by}::interval,
      processed_at = processed_at - ${by}::interval where org_id = ${orgId}`;
  }
}

let calls = 0;
async function endCall(ctx: Connected, endedReason: string) {
  calls += 1;
  const suffix = String(calls).padStart(4, "0");
  const body = endOfCallReport({
    callId: `5c1e2d3f-0000-4000-8000-00000000${suffix}`,
    callSid: `CA${"0".repeat(28)}${suffix}` as typeof VAPI_IDS.callSid,
    message: { endedReason },
  });
  const response = await postVapi(ctx.vapiEndpoint, body, { "x-vapi-secret": ctx.vapiSecret });
  expect(response.status).toBe(200);
}

async function allProcessed(orgId: string) {
  const rows = await waitFor(
    () =>
      withTenant({ org: { id: orgId } }, (tx) =>
        tx
          .select({ status: webhookEvents.status })
          .from(webhookEvents)
          .where(and(eq(webhookEvents.orgId, orgId), eq(webhookEvents.status, "received"))),
      ),
    (r) => r.length === 0,
    SLOW,
  );
  expect(rows).toEqual([]);
}

const componentOf = async (orgId: string, component: string) =>
  (await evaluateOrgHealth(orgId)).health.find((c) => c.component === component)!;

/** Incident alerts received by `address` (invitations to the same people are not alerts). */
const mailsTo = (address: string) =>
  smtp.received.filter(
    (m) =>
      m.to.includes(address) && /^Subject: (Incident|Resolved|Identified|Monitoring):/m.test(m.raw),
  );

function verifySignature(hook: ReceivedHook, secret: string) {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const expected = createHmac("sha256", key)
    .update(`${hook.headers["webhook-id"]}.${hook.headers["webhook-timestamp"]}.${hook.body}`)
    .digest("base64");
  return hook.headers["webhook-signature"]?.split(" ").includes(`v1,${expected}`);
}

async function signingSecret(owner: TestOwner) {
  const { getHealthSettings } = await import("./queries");
  return (await getHealthSettings(owner.ctx)).signingSecret!;
}

describe("the agent component and its incident", () => {
  let incidentId: string;

  it("degrades on a burst of assistant-request-failed reports and opens one incident after its threshold", async () => {
    for (let i = 0; i < 4; i++) await endCall(A, "assistant-request-failed");
    await endCall(A, "customer-ended-call");
    await allProcessed(a.orgId);

    const agent = await componentOf(a.orgId, "agent");
    expect(agent.status).toBe("major_outage");
    expect(agent.reason).toMatch(/^4 of 5 calls .* \(assistant-request-failed\)\.$/);
    // Not yet past the agent's threshold (5 minutes out of operational): no incident.
    expect((await listIncidents(a.ctx)).incidents).toEqual([]);

    await age(a.orgId, 6);
    const outcome = await evaluateOrgHealth(a.orgId);
    expect(outcome.opened).toEqual(["agent"]);
    // The next evaluations find it open: no second incident for the same episode.
    expect((await evaluateOrgHealth(a.orgId)).opened).toEqual([]);
    const { incidents: list } = await listIncidents(a.ctx, { status: "open" });
    expect(list).toHaveLength(1);
    incidentId = list[0]!.id;
    expect(list[0]).toMatchObject({
      origin: "automatic",
      component: "agent",
      impact: "major_outage",
    });
  });

  it("holds one open automatic incident per component in the database itself", async () => {
    await expect(
      ownerSql()`insert into incidents (org_id, origin, component, title, impact)
        values (${a.orgId}, 'automatic', 'agent', 'a second one', 'major_outage')`,
    ).rejects.toThrow(/incidents_one_open_per_component/);
  });

  it("emails each owner and admin once and delivers one signed webhook", async () => {
    const toOwner = await waitFor(
      () => mailsTo(a.email),
      (m) => m.length >= 1,
      SLOW,
    );
    expect(toOwner).toHaveLength(1);
    expect(toOwner[0]!.raw).toMatch(/Agent answering calls: major outage/);
    expect(
      await waitFor(
        () => mailsTo(admin.email),
        (m) => m.length >= 1,
        SLOW,
      ),
    ).toHaveLength(1);
    expect(mailsTo(member.email)).toHaveLength(0);

    const delivered = await waitFor(
      () => hooks.received,
      (r) => r.length >= 1,
      SLOW,
    );
    expect(delivered).toHaveLength(1);
    expect(verifySignature(delivered[0]!, await signingSecret(a))).toBe(true);
    const payload = JSON.parse(delivered[0]!.body);
    expect(payload).toMatchObject({
      type: "incident.opened",
      data: { incident: { id: incidentId, component: "agent", status: "investigating" } },
    });
  });

  it("resolves itself after healthy calls and a healthy period, with its timeline", async () => {
    // The failed calls leave the window; three good ones arrive.
    await age(a.orgId, 16, { events: true });
    for (let i = 0; i < 3; i++) await endCall(A, "customer-ended-call");
    await allProcessed(a.orgId);
    expect((await componentOf(a.orgId, "agent")).status).toBe("operational");
    expect((await getIncident(a.ctx, incidentId))!.resolvedAt).toBeNull();

    await age(a.orgId, 16);
    expect((await evaluateOrgHealth(a.orgId)).resolved).toEqual(["agent"]);
    const incident = (await getIncident(a.ctx, incidentId))!;
    expect(incident.status).toBe("resolved");
    expect(incident.updates.map((u) => u.status)).toEqual(["resolved", "investigating"]);

    // One more alert for the one more state change.
    expect(
      await waitFor(
        () => hooks.received,
        (r) => r.length >= 2,
        SLOW,
      ),
    ).toHaveLength(2);
    expect(JSON.parse(hooks.received[1]!.body).type).toBe("incident.resolved");
    const { recentAlertDeliveries } = await import("./queries");
    const deliveries = await waitFor(
      () => recentAlertDeliveries(a.ctx),
      (d) => d.every((x) => x.status === "delivered"),
      SLOW,
    );
    expect(deliveries.map((d) => [d.update, d.status])).toEqual([
      ["resolved", "delivered"],
      ["investigating", "delivered"],
    ]);
    expect(
      await waitFor(
        () => mailsTo(a.email),
        (m) => m.length >= 2,
        SLOW,
      ),
    ).toHaveLength(2);
  });
});

describe("credentials", () => {
  it("puts credentials in major outage when Twilio answers 401 / 20003, and alerts once", async () => {
    const b = await createOwner({ orgName: "Northgate Homewares" });
    const B = await connectChannels(b.ctx);
    await saveHealthSettings(b.ctx, { statusPageEnabled: false, alertWebhookUrl: hooks.url });
    apis.twilio.set(B.authToken, "unauthorized");
    await checkOrgCredentials(b.orgId);

    const outcome = await evaluateOrgHealth(b.orgId);
    const credentials = outcome.health.find((c) => c.component === "credentials")!;
    expect(credentials.status).toBe("major_outage");
    expect(credentials.reason).toMatch(/Twilio refused .*error 20003/);
    await evaluateOrgHealth(b.orgId);
    const open = await withTenant(b.ctx, (tx) =>
      tx.select().from(incidents).where(eq(incidents.orgId, b.orgId)),
    );
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ component: "credentials", impact: "major_outage" });

    const mails = await waitFor(
      () => mailsTo(b.email),
      (m) => m.length >= 1,
      SLOW,
    );
    expect(mails).toHaveLength(1);
    expect(mails[0]!.raw).toMatch(/Twilio refused/);
    expect(mails[0]!.raw).not.toContain(B.authToken);
    const outbox = await withTenant(b.ctx, (tx) =>
      tx.select().from(outboxMessages).where(eq(outboxMessages.orgId, b.orgId)),
    );
    expect(outbox.filter((m) => m.kind === "incident_alert")).toHaveLength(1);

    const forB = await waitFor(
      () => hooks.received.filter((h) => h.body.includes(open[0]!.id)),
      (r) => r.length >= 1,
      SLOW,
    );
    expect(forB).toHaveLength(1);
    const { getHealthSettings } = await import("./queries");
    expect(verifySignature(forB[0]!, (await getHealthSettings(b.ctx)).signingSecret!)).toBe(true);
  });

  it("stores the VAPI private key encrypted and checks it with VAPI", async () => {
    const c = await createOwner();
    const C = await connectChannels(c.ctx);
    const { saveVapiConnection } = await import("@/lib/channels/service");
    const key = "vapi-private-key-9f8e7d6c5b4a";
    apis.vapi.set(key, "unauthorized");
    await saveVapiConnection(c.ctx, {
      authMode: "x-vapi-secret",
      secret: null,
      signatureHeader: null,
      timestampHeader: null,
      assistantId: null,
      sipAddress: null,
      apiKey: key,
    });
    const [{ sealed }] = (await ownerSql()`select api_key_ciphertext as sealed
      from channel_connections where org_id = ${c.orgId} and provider = 'vapi'`) as unknown as [
      { sealed: string },
    ];
    expect(sealed).not.toContain(key);
    expect(await checkOrgCredentials(c.orgId)).toEqual({ twilio: "ok", vapi: "rejected" });
    expect(C.vapiEndpoint).toBeTruthy();
  });
});

describe("the public status page", () => {
  it("shows components, incidents and uptime without any contact data", async () => {
    const status = (await getPublicStatus(a.ctx.org.slug))!;
    expect(status.name).toBe("Harbour Lane Realty");
    expect(status.components.map((c) => c.component)).toContain("agent");
    expect(status.incidents.map((i) => i.component)).toContain("agent");
    expect(status.uptime.find((u) => u.component === "agent")!.uptime).toBeLessThan(1);
    const text = JSON.stringify(status);
    for (const personal of ["Dana", "Whitfield", "+1415", a.email, admin.email]) {
      expect(text).not.toContain(personal);
    }
  });

  it("does not exist for an unknown slug or an org that did not opt in", async () => {
    expect(await getPublicStatus("no-such-business")).toBeNull();
    const quiet = await createOwner();
    expect(await getPublicStatus(quiet.ctx.org.slug)).toBeNull();
  });
});

describe("who may do what", () => {
  it("lets members read health but not post updates or change settings", async () => {
    const overview = await getHealthOverview(member.ctx);
    expect(overview.components).toHaveLength(7);
    const [incident] = (await listIncidents(member.ctx)).incidents;
    await expectAppError(
      postIncidentUpdate(member.ctx, { incidentId: incident!.id, status: "identified", body: "x" }),
      "FORBIDDEN",
    );
    await expectAppError(
      saveHealthSettings(member.ctx, { statusPageEnabled: false, alertWebhookUrl: null }),
      "FORBIDDEN",
    );
  });

  it("lets admins open an incident by hand, post updates and write the postmortem, audited", async () => {
    const { id } = await openIncident(admin.ctx, {
      title: "Calls to the Harbour Lane office drop after the greeting",
      component: "phone",
      impact: "partial_outage",
      body: "Several callers reported silence after the greeting; we are looking into it.",
    });
    await postIncidentUpdate(
      admin.ctx,
      parseInput(incidentUpdateSchema, {
        incidentId: id,
        status: "identified",
        body: "The fallback number was wrong.",
      }),
    );
    await postIncidentUpdate(admin.ctx, {
      incidentId: id,
      status: "resolved",
      body: "Fixed on the Channels page.",
    });
    await expectAppError(
      postIncidentUpdate(admin.ctx, { incidentId: id, status: "monitoring", body: "late" }),
      "CONFLICT",
    );
    await writePostmortem(admin.ctx, {
      incidentId: id,
      postmortem: "A typo in the fallback number.",
    });
    const incident = (await getIncident(a.ctx, id))!;
    expect(incident.updates.map((u) => u.status)).toEqual([
      "resolved",
      "identified",
      "investigating",
    ]);
    expect(incident.updates[0]!.author).toBeTruthy();
    expect(incident.postmortem).toBe("A typo in the fallback number.");
    const audit = (await withTenant(a.ctx, (tx) =>
      tx.execute(sql`select action from audit_log where org_id = ${a.orgId} and target_id = ${id}`),
    )) as unknown as { action: string }[];
    expect(audit.map((r) => r.action).sort()).toEqual([
      "health.incident_opened",
      "health.incident_updated",
      "health.incident_updated",
      "health.postmortem_written",
    ]);
  });

  it("keeps each org's incidents to itself", async () => {
    const other = await createOwner();
    const [incident] = (await listIncidents(a.ctx)).incidents;
    expect(await getIncident(other.ctx, incident!.id)).toBeNull();
    await expectAppError(
      postIncidentUpdate(other.ctx, { incidentId: incident!.id, status: "monitoring", body: "x" }),
      "NOT_FOUND",
    );
  });
});

describe("a receiver that fails", () => {
  it("keeps the delivery for a retry and says why", async () => {
    hooks.answer(500);
    try {
      const { id } = await openIncident(a.ctx, {
        title: "Text messages to the lettings line bounce",
        component: "sms",
        impact: "degraded_performance",
        body: "Some texts come back undelivered.",
      });
      const { recentAlertDeliveries } = await import("./queries");
      const [delivery] = await waitFor(
        () => recentAlertDeliveries(a.ctx, 1),
        (d) => (d[0]?.attempts ?? 0) >= 1,
        SLOW,
      );
      expect(delivery).toMatchObject({ status: "pending", attempts: 1, lastError: "HTTP 500" });
      await postIncidentUpdate(a.ctx, {
        incidentId: id,
        status: "resolved",
        body: "Carrier fixed it.",
      });
    } finally {
      hooks.answer(204);
    }
  });
});

describe("the minute's sweep", () => {
  it("is scheduled every minute by the migrate step", async () => {
    const rows =
      await ownerSql()`select name, cron from pgboss.schedule where name = 'health.sweep'`;
    expect(rows).toEqual([{ name: "health.sweep", cron: "* * * * *" }]);
  });

  it("queues one evaluation per org with a channel or a status page, and the due credential checks", async () => {
    const quiet = await createOwner();
    const { sweepHealth } = await import("./sweep");
    await sweepHealth();
    const queued = await ownerSql()<{ orgId: string }[]>`
      select data->>'orgId' as "orgId" from pgboss.job where name = 'health.evaluate'`;
    const orgs = queued.map((j) => j.orgId);
    expect(orgs).toContain(a.orgId);
    expect(orgs).not.toContain(quiet.orgId);
    expect(orgs.filter((o) => o === a.orgId)).toHaveLength(1);
  });
});

describe("bad input", () => {
  it("refuses malformed alert URLs with a sentence on the field", async () => {
    for (const url of [
      "not a url",
      "ftp://hooks.example.com/x",
      "https://user:pw@hooks.example.com/",
    ]) {
      const parsed = healthSettingsSchema.safeParse({ alertWebhookUrl: url });
      expect(parsed.success, url).toBe(false);
      expect(parsed.error!.issues[0]!.message).toMatch(/^(Write a full|Leave the user)/);
    }
  });
});
