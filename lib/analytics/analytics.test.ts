import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, orgs, users } from "@/db/schema";
import { withSystem } from "@/lib/db/scopes";
import { configurePostHog } from "@/lib/flags/posthog";
import { chooseVertical } from "@/lib/onboarding/service";
import { setupFreshDatabase } from "@/test/db";
import { createOwner, type TestOwner } from "@/test/factories";
import { startTestPostHog, type ReceivedEvent } from "@/test/posthog";
import { waitFor } from "@/test/wait";
import { PRODUCT_EVENTS } from "./events";
import { getAnalyticsPreference, setAnalyticsPreference } from "./service";
import { captureOrgEvent, identifyOrg, trackAfterResponse } from "./track";

await setupFreshDatabase();

// Product analytics against a local PostHog (test/posthog.ts): what arrives on its /batch/ is what
// PostHog would store. Every payload it receives is inspected for personal data.

const posthog = await startTestPostHog();

beforeAll(async () => {
  await configurePostHog({ key: posthog.projectKey, host: posthog.url });
});
afterAll(async () => {
  await configurePostHog(null);
  await posthog.stop();
});

const PHONE = "+14155550187";
/** An org whose name, owner name and email are all things that must never leave. */
async function personalOrg(): Promise<TestOwner & { secrets: string[] }> {
  const owner = await createOwner({ orgName: "Jane Whitaker Realty" });
  const [user] = await withSystem("test reads the owner", (tx) =>
    tx.select().from(users).where(eq(users.id, owner.userId)),
  );
  return { ...owner, secrets: [owner.email, user!.name, "Jane Whitaker", owner.userId, PHONE] };
}

/** The org's events: its funnel events (group) and its $groupidentify (group key). */
const eventsOf = (orgId: string) =>
  posthog
    .events()
    .filter(
      (e) =>
        (e.properties.$groups as Record<string, string> | undefined)?.organization === orgId ||
        e.properties.$group_key === orgId,
    );

// The SDK's own properties PostHog expects on every event; everything else is ours (events.ts).
const SDK_PROPERTIES = new Set([
  "$lib",
  "$lib_version",
  "$groups",
  "$geoip_disable",
  "$is_server",
  "$process_person_profile",
  "$group_type",
  "$group_key",
  "$group_set",
]);

function ownProperties(event: ReceivedEvent): string[] {
  return Object.keys(event.properties).filter((k) => !SDK_PROPERTIES.has(k));
}

describe("funnel events", () => {
  it("carry the org as their group and no personal data in any payload PostHog receives", async () => {
    const org = await personalOrg();
    await chooseVertical(org.ctx, { slug: "real-estate" });

    expect(await identifyOrg(org.orgId)).toBe("sent");
    expect(await captureOrgEvent(org.orgId, "org signed up", {})).toBe("sent");
    expect(
      await captureOrgEvent(org.orgId, "wizard step completed", {
        step: "connect",
        outcome: "deferred",
      }),
    ).toBe("sent");
    expect(await captureOrgEvent(org.orgId, "channel connected", { provider: "twilio" })).toBe(
      "sent",
    );
    expect(await captureOrgEvent(org.orgId, "first event received", { provider: "vapi" })).toBe(
      "sent",
    );
    // A property that is not in the catalogue is refused before anything is sent.
    expect(await captureOrgEvent(org.orgId, "org signed up", { email: org.email } as never)).toBe(
      "not-configured",
    );

    const received = eventsOf(org.orgId);
    expect(received.map((e) => e.event).sort()).toEqual(
      [
        "$groupidentify",
        "channel connected",
        "first event received",
        "org signed up",
        "wizard step completed",
      ].sort(),
    );
    for (const event of received) {
      expect(event.distinct_id).toBe(`org_${org.orgId}`);
      if (event.event !== "$groupidentify") {
        expect(event.properties.$groups).toEqual({ organization: org.orgId });
        expect(event.properties.$process_person_profile).toBe(false);
        const allowed = Object.keys(
          (PRODUCT_EVENTS[event.event as keyof typeof PRODUCT_EVENTS] as { shape: object }).shape,
        );
        for (const key of ownProperties(event)) expect(allowed).toContain(key);
      }
    }
    const identify = received.find((e) => e.event === "$groupidentify")!;
    expect(identify.properties.$group_type).toBe("organization");
    expect(identify.properties.$group_set).toEqual({
      vertical: "real-estate",
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });

    // Every byte PostHog received, whatever the event: no name, email, user id or phone, and no
    // "@" at all.
    const everything = posthog.rawBatches.join("\n");
    for (const secret of org.secrets) expect(everything).not.toContain(secret);
    expect(everything).not.toContain("@");
    const [row] = await withSystem("test reads the org", (tx) =>
      tx.select().from(orgs).where(eq(orgs.id, org.orgId)),
    );
    expect(everything).not.toContain(row!.name);
  });

  it("sends a once-per-org step only once, however often it happens", async () => {
    const org = await createOwner();
    const once = { once: "channel connected:vapi" };
    expect(await captureOrgEvent(org.orgId, "channel connected", { provider: "vapi" }, once)).toBe(
      "sent",
    );
    expect(await captureOrgEvent(org.orgId, "channel connected", { provider: "vapi" }, once)).toBe(
      "already-sent",
    );
    expect(eventsOf(org.orgId).filter((e) => e.event === "channel connected")).toHaveLength(1);
  });

  it("outside a request, trackAfterResponse sends in the background", async () => {
    const org = await createOwner();
    trackAfterResponse(org.orgId, "wizard step completed", { step: "profile" }, { identify: true });
    const received = await waitFor(
      () => eventsOf(org.orgId),
      (events) => events.length === 2,
      { timeout: 10_000 },
    );
    expect(received.map((e) => e.event).sort()).toEqual([
      "$groupidentify",
      "wizard step completed",
    ]);
  });
});

describe("an org that opted out", () => {
  it("sends nothing from then on; opting in again resumes; both are audited", async () => {
    const quiet = await createOwner();
    const loud = await createOwner();
    expect(await getAnalyticsPreference(quiet.ctx)).toEqual({ share: true, optedOutAt: null });
    expect(await setAnalyticsPreference(quiet.ctx, { share: "no" })).toEqual({ changed: true });
    expect(await setAnalyticsPreference(quiet.ctx, { share: "no" })).toEqual({ changed: false });
    expect((await getAnalyticsPreference(quiet.ctx)).share).toBe(false);

    expect(await captureOrgEvent(quiet.orgId, "org signed up", {})).toBe("opted-out");
    expect(await identifyOrg(quiet.orgId)).toBe("opted-out");
    trackAfterResponse(quiet.orgId, "wizard step completed", { step: "profile" });
    // Another org's event, sent after the opted-out org's: once it has arrived, the other would have.
    trackAfterResponse(loud.orgId, "wizard step completed", { step: "profile" });
    await waitFor(
      () => eventsOf(loud.orgId),
      (events) => events.length === 1,
      {
        timeout: 10_000,
      },
    );
    expect(eventsOf(quiet.orgId)).toEqual([]);

    await setAnalyticsPreference(quiet.ctx, { share: "yes" });
    expect(await captureOrgEvent(quiet.orgId, "org signed up", {})).toBe("sent");
    expect(eventsOf(quiet.orgId)).toHaveLength(1);

    const entries = await withSystem("test reads the audit log", (tx) =>
      tx.select().from(auditLog).where(eq(auditLog.orgId, quiet.orgId)),
    );
    expect(entries.map((e) => e.action).filter((a) => a.startsWith("analytics."))).toEqual(
      expect.arrayContaining(["analytics.opted_out", "analytics.opted_in"]),
    );
  });

  it("only owners and admins change it", async () => {
    const org = await createOwner();
    const { addMember } = await import("@/test/factories");
    const member = await addMember(org.ctx, "member");
    await expect(setAnalyticsPreference(member.ctx, { share: "no" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });
});

describe("without PostHog configured", () => {
  it("sends nothing and says so", async () => {
    const org = await createOwner();
    await configurePostHog(null);
    const before = posthog.rawBatches.length;
    expect(await captureOrgEvent(org.orgId, "org signed up", {})).toBe("not-configured");
    expect(await identifyOrg(org.orgId)).toBe("not-configured");
    trackAfterResponse(org.orgId, "org signed up", {});
    expect(posthog.rawBatches.length).toBe(before);
    await configurePostHog({ key: posthog.projectKey, host: posthog.url });
  });
});
