import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { auditLog, platformAuditLog } from "@/db/schema";
import { withSystem } from "@/lib/db/scopes";
import type { Operator, StaffMember } from "@/lib/staff/actor";
import { grantStaff, loadStaffMember } from "@/lib/staff/staff";
import { ownerSql, setupFreshDatabase } from "@/test/db";
import { createOwner } from "@/test/factories";
import { inRollout, startTestPostHog } from "@/test/posthog";
import { waitFor } from "@/test/wait";
import { flagsForOrg, isFeatureEnabled, orgDistinctId, postHogAnswers } from "./evaluate";
import { setFlagOverride } from "./overrides";
import { getPostHog, readStoredDefinitions, configurePostHog, type PostHogConfig } from "./posthog";
import { FLAGS } from "./registry";

await setupFreshDatabase();

// lib/flags against a local PostHog (test/posthog.ts) that speaks its wire format: definitions
// for local evaluation, remote evaluation on /flags, and its bucketing, written there
// independently of posthog-node.

const posthog = await startTestPostHog();
const config = (): PostHogConfig => ({
  key: posthog.projectKey,
  host: posthog.url,
  secretKey: posthog.secretKey,
  pollSeconds: 0.2,
  requestTimeoutMs: 1000,
});

const operator: Operator = { type: "operator", name: "flags-tester" };
async function newStaff(): Promise<StaffMember> {
  const person = await createOwner();
  await grantStaff(operator, person.email);
  return (await loadStaffMember({ id: person.userId, email: person.email }))!;
}

/** A client pointed at the stand-in, with the definitions it serves loaded. */
async function connected() {
  const client = (await configurePostHog(config()))!;
  await waitFor(() => client.client.isLocalEvaluationReady(), Boolean, { timeout: 10_000 });
  return client;
}

// Fixed org ids, so the share in a rollout is the same on every run.
const FIXED_ORGS = Array.from({ length: 400 }, (_, i) => {
  const h = createHash("sha256").update(`org ${i}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
});

beforeEach(async () => {
  posthog.setMode("up");
  posthog.answerHeld();
});

afterAll(async () => {
  await configurePostHog(null);
  await posthog.stop();
});

describe("without PostHog configured", () => {
  it("takes the registry's defaults, and a staff override wins", async () => {
    await configurePostHog(null);
    const org = await createOwner();
    const flags = await flagsForOrg(org.orgId);
    expect(flags[FLAGS.contactsImport.key]).toEqual({ enabled: true, source: "default" });
    expect(flags[FLAGS.learning.key]).toEqual({
      enabled: FLAGS.learning.default,
      source: "default",
    });

    const staff = await newStaff();
    await setFlagOverride(staff, {
      orgId: org.orgId,
      key: FLAGS.contactsImport.key,
      value: "off",
    });
    expect(await isFeatureEnabled(org.orgId, FLAGS.contactsImport.key)).toBe(false);
    expect(posthog.definitionRequests()).toBe(0);
  });
});

describe("a flag rolled out to 30 % of orgs", () => {
  it("gives each org a sticky answer that matches PostHog's bucketing, locally and remotely", async () => {
    posthog.setFlags([{ key: FLAGS.learning.key, rollout: 30 }]);
    await connected();

    const answers = await Promise.all(
      FIXED_ORGS.map(async (id) => (await postHogAnswers(id)).get(FLAGS.learning.key)),
    );
    const expected = FIXED_ORGS.map((id) => inRollout(FLAGS.learning.key, id, 30));
    expect(answers).toEqual(expected);
    const share = answers.filter(Boolean).length / FIXED_ORGS.length;
    expect(share).toBeGreaterThan(0.25);
    expect(share).toBeLessThan(0.35);

    // PostHog's own remote evaluation says the same for the same orgs.
    for (const id of FIXED_ORGS.slice(0, 25)) {
      const response = await fetch(`${posthog.url}/flags/?v=2`, {
        method: "POST",
        body: JSON.stringify({
          token: posthog.projectKey,
          distinct_id: orgDistinctId(id),
          groups: { organization: id },
        }),
      });
      const body = (await response.json()) as { flags: Record<string, { enabled: boolean }> };
      expect(body.flags[FLAGS.learning.key]?.enabled).toBe(inRollout(FLAGS.learning.key, id, 30));
    }

    // Sticky: a new process (a new client, the same definitions) gives every org the same answer.
    await connected();
    const again = await Promise.all(
      FIXED_ORGS.map(async (id) => (await postHogAnswers(id)).get(FLAGS.learning.key)),
    );
    expect(again).toEqual(answers);

    // A real org: PostHog's answer, marked as such; flags PostHog does not define keep defaults.
    const org = await createOwner();
    const flags = await flagsForOrg(org.orgId);
    expect(flags[FLAGS.learning.key]).toEqual({
      enabled: inRollout(FLAGS.learning.key, org.orgId, 30),
      source: "posthog",
    });
    expect(flags[FLAGS.actions.key]).toEqual({ enabled: FLAGS.actions.default, source: "default" });
  });
});

describe("the kill switch", () => {
  it("turns a flag off for every org within the polling interval, with no restart", async () => {
    posthog.setFlags([{ key: FLAGS.statusPage.key, rollout: 100 }]);
    await connected();
    const orgs = await Promise.all([createOwner(), createOwner(), createOwner()]);
    for (const org of orgs) {
      expect(await isFeatureEnabled(org.orgId, FLAGS.statusPage.key)).toBe(true);
    }

    posthog.setFlags([{ key: FLAGS.statusPage.key, rollout: 100, active: false }]);
    const after = await waitFor(
      () => Promise.all(orgs.map((org) => isFeatureEnabled(org.orgId, FLAGS.statusPage.key))),
      (values) => values.every((v) => v === false),
      { timeout: 10_000 },
    );
    expect(after).toEqual([false, false, false]);
  });
});

describe("staff overrides", () => {
  it("win over PostHog in both directions, and are audited in the platform's and the org's log", async () => {
    posthog.setFlags([
      { key: FLAGS.actions.key, rollout: 100 },
      { key: FLAGS.roiForecasting.key, rollout: 0 },
    ]);
    await connected();
    const org = await createOwner();
    const staff = await newStaff();
    expect(await isFeatureEnabled(org.orgId, FLAGS.actions.key)).toBe(true);
    expect(await isFeatureEnabled(org.orgId, FLAGS.roiForecasting.key)).toBe(false);

    await setFlagOverride(staff, { orgId: org.orgId, key: FLAGS.actions.key, value: "off" });
    await setFlagOverride(staff, { orgId: org.orgId, key: FLAGS.roiForecasting.key, value: "on" });
    const flags = await flagsForOrg(org.orgId);
    expect(flags[FLAGS.actions.key]).toEqual({ enabled: false, source: "override" });
    expect(flags[FLAGS.roiForecasting.key]).toEqual({ enabled: true, source: "override" });
    // Another org is untouched.
    const other = await createOwner();
    expect(await isFeatureEnabled(other.orgId, FLAGS.actions.key)).toBe(true);

    // The same value again changes nothing and writes no entry; "posthog" removes the pin.
    expect(
      await setFlagOverride(staff, { orgId: org.orgId, key: FLAGS.actions.key, value: "off" }),
    ).toEqual({ changed: false });
    await setFlagOverride(staff, { orgId: org.orgId, key: FLAGS.actions.key, value: "posthog" });
    expect((await flagsForOrg(org.orgId))[FLAGS.actions.key]).toEqual({
      enabled: true,
      source: "posthog",
    });

    const [platform, orgLog] = await withSystem("test reads audit", async (tx) => [
      await tx
        .select()
        .from(platformAuditLog)
        .where(
          and(
            eq(platformAuditLog.action, "staff.flag_override_set"),
            eq(platformAuditLog.targetId, org.orgId),
          ),
        ),
      await tx
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.orgId, org.orgId), eq(auditLog.action, "flags.override_set"))),
    ]);
    expect(platform).toHaveLength(3);
    expect(platform.every((e) => e.actorType === "staff" && e.actorId === staff.userId)).toBe(true);
    expect(orgLog).toHaveLength(3);
    expect(orgLog.map((e) => e.metadata)).toContainEqual(
      expect.objectContaining({ flag: FLAGS.actions.key, from: "off", to: "posthog" }),
    );
  });

  it("refuses an unknown flag or org with a sentence", async () => {
    const staff = await newStaff();
    const org = await createOwner();
    await expect(
      setFlagOverride(staff, { orgId: org.orgId, key: "no-such-flag", value: "on" }),
    ).rejects.toMatchObject({ fieldErrors: { key: ["Choose a flag from the list."] } });
    await expect(
      setFlagOverride(staff, {
        orgId: "00000000-0000-4000-8000-000000000000",
        key: FLAGS.actions.key,
        value: "on",
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("PostHog down or slow", () => {
  it("a process started while PostHog is down evaluates as last known (the definitions in PostgreSQL)", async () => {
    posthog.setFlags([{ key: FLAGS.roiForecasting.key, rollout: 0 }]);
    await connected();
    await waitFor(
      () => readStoredDefinitions(),
      (stored) =>
        JSON.stringify(stored?.definitions ?? {}).includes(`"rollout_percentage":0`) &&
        JSON.stringify(stored?.definitions ?? {}).includes(FLAGS.roiForecasting.key),
      { timeout: 10_000 },
    );
    const org = await createOwner();

    posthog.setMode("down");
    const restarted = (await configurePostHog(config()))!;
    await restarted.lastKnownLoaded;
    // Off, as PostHog last said — not the registry's default (on).
    expect(FLAGS.roiForecasting.default).toBe(true);
    expect((await flagsForOrg(org.orgId))[FLAGS.roiForecasting.key]).toEqual({
      enabled: false,
      source: "posthog",
    });
    // Polling on while PostHog is down keeps the last known definitions.
    const requestsBefore = posthog.definitionRequests();
    posthog.setMode("up");
    posthog.setFlags([{ key: FLAGS.roiForecasting.key, rollout: 100 }]);
    await waitFor(
      () => isFeatureEnabled(org.orgId, FLAGS.roiForecasting.key),
      (on) => on,
      { timeout: 10_000 },
    );
    expect(posthog.definitionRequests()).toBeGreaterThan(requestsBefore);
  });

  it("with nothing stored and PostHog slow, evaluation answers the defaults without waiting for it", async () => {
    await ownerSql()`delete from feature_flag_definitions`;
    posthog.setFlags([{ key: FLAGS.learning.key, rollout: 0 }]);
    posthog.setMode("slow");
    const org = await createOwner();
    await configurePostHog(config());
    await waitFor(
      () => posthog.held(),
      (n) => n > 0,
      { timeout: 10_000 },
    );

    const flags = await flagsForOrg(org.orgId);
    // PostHog has still not answered its definitions request...
    expect(posthog.held()).toBeGreaterThan(0);
    // ...and the evaluation answered anyway, from the defaults.
    expect(flags[FLAGS.learning.key]).toEqual({
      enabled: FLAGS.learning.default,
      source: "default",
    });

    // When PostHog finally answers, its rule applies.
    posthog.setMode("up");
    posthog.answerHeld();
    await waitFor(
      () => flagsForOrg(org.orgId),
      (f) => f[FLAGS.learning.key].source === "posthog",
      { timeout: 10_000 },
    );
    expect(await isFeatureEnabled(org.orgId, FLAGS.learning.key)).toBe(false);
  });

  it("with nothing stored and PostHog down, the defaults apply", async () => {
    await ownerSql()`delete from feature_flag_definitions`;
    posthog.setMode("down");
    const org = await createOwner();
    const client = (await configurePostHog(config()))!;
    await client.lastKnownLoaded;
    const flags = await flagsForOrg(org.orgId);
    for (const answer of Object.values(flags)) expect(answer.source).toBe("default");
    expect(getPostHog()?.client.isLocalEvaluationReady()).toBe(false);
  });
});
