import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, orgs, orgVerticals, webhookEvents } from "@/db/schema";
import { withSystem, withTenant } from "@/lib/db/scopes";
import { processWebhookEvent } from "@/lib/ingest/process-event";
import { stopBoss } from "@/lib/jobs/boss";
import { parseInput } from "@/lib/parse-input";
import { customizeInputFrom } from "@/lib/verticals/customize-input";
import { getOrgVerticalConfig } from "@/lib/verticals/queries";
import { editVerticalConfig, previewVerticalChange, selectVertical } from "@/lib/verticals/service";
import { countRows, setupFreshDatabase } from "@/test/db";
import { expectAppError } from "@/test/errors";
import { addMember, createOwner, type TestMember, type TestOwner } from "@/test/factories";
import { callStatusCallback } from "@/test/fixtures/twilio";
import { statusUpdate } from "@/test/fixtures/vapi";
import { connectChannels, postTwilio, postVapi } from "@/test/webhooks";
import { getOnboardingState } from "./queries";
import {
  businessProfileSchema,
  customizeSchema,
  roiSchema,
  type BusinessProfileInput,
} from "./schemas";
import {
  chooseVertical,
  deferConnect,
  finishOnboarding,
  saveBusinessProfile,
  saveCustomization,
  saveRoiAssumptions,
} from "./service";

await setupFreshDatabase();
afterAll(stopBoss);

// The wizard's server actions are `sessionAction` + `parseInput(schema)` + one of these verbs; the
// tests run the same schemas and verbs (the session wrapper is covered by the e2e wizard run).

const weekdays = { open: "08:30", close: "17:00" };
const PROFILE: BusinessProfileInput = {
  name: "Harbour Homes",
  country: "FR",
  timezone: "Europe/Paris",
  language: "fr-FR",
  hours: {
    mon: [weekdays],
    tue: [weekdays],
    wed: [weekdays],
    thu: [weekdays],
    fri: [weekdays],
    sat: [],
    sun: [],
  },
};

async function storedRow(orgId: string) {
  const [row] = await withSystem("test reads org_verticals", (tx) =>
    tx.select().from(orgVerticals).where(eq(orgVerticals.orgId, orgId)),
  );
  return row ?? null;
}

let a: TestOwner;
let b: TestOwner;
let member: TestMember;

beforeAll(async () => {
  [a, b] = await Promise.all([createOwner(), createOwner()]);
  member = await addMember(a.ctx, "member");
});

describe("the wizard, step by step", () => {
  it("starts at the profile step with nothing done", async () => {
    const state = await getOnboardingState(a.ctx);
    expect(state.nextStep).toBe("profile");
    expect(state.complete).toBe(false);
  });

  it("step 1 saves the business and keeps hours and language for the template to come", async () => {
    await saveBusinessProfile(a.ctx, parseInput(businessProfileSchema, PROFILE));
    const [org] = await withSystem("test reads org", (tx) =>
      tx.select().from(orgs).where(eq(orgs.id, a.orgId)),
    );
    expect(org).toMatchObject({ name: "Harbour Homes", country: "FR", timezone: "Europe/Paris" });
    const row = await storedRow(a.orgId);
    expect(row).toMatchObject({ templateSlug: null, resolved: null });
    expect(row?.overrides).toEqual({ agent: { language: "fr-FR" }, hours: PROFILE.hours });
    const state = await getOnboardingState(a.ctx);
    expect(state.done.profile).toBe(true);
    expect(state.nextStep).toBe("vertical");
  });

  it("step 2 resolves the template with the hours and language already given", async () => {
    await chooseVertical(a.ctx, { slug: "real-estate", version: 1 });
    const config = await getOrgVerticalConfig(a.ctx);
    expect(config.template).toMatchObject({ slug: "real-estate", version: 1, latestVersion: 2 });
    expect(config.resolved?.hours).toEqual(PROFILE.hours);
    expect(config.resolved?.agent.language).toBe("fr-FR");
    expect(config.resolved?.agent.greeting).toBe(config.defaults?.agent.greeting);
    expect((await getOnboardingState(a.ctx)).nextStep).toBe("customize");
  });

  it("step 3 stores only what differs from the template", async () => {
    const { resolved, defaults } = await getOrgVerticalConfig(a.ctx);
    const form = customizeInputFrom(resolved!);
    const [first, second, ...rest] = form.knowledge;
    await saveCustomization(
      a.ctx,
      parseInput(customizeSchema, {
        ...form,
        greeting: "Bonjour, {{businessName}} à votre écoute !",
        knowledge: [
          { ...first!, answer: "Viewings are Monday to Saturday; we confirm within the hour." },
          ...rest,
          { id: "custom-parking", question: "Is there parking?", answer: "Yes, two spaces." },
        ],
      }),
    );
    const overrides = (await storedRow(a.orgId))?.overrides as Record<string, unknown>;
    expect(Object.keys(overrides).sort()).toEqual(["agent", "hours", "knowledge"]);
    expect(overrides.agent).toEqual({
      language: "fr-FR",
      greeting: "Bonjour, {{businessName}} à votre écoute !",
    });
    const knowledge = overrides.knowledge as Record<string, unknown>;
    expect(knowledge[first!.id]).toEqual({
      answer: "Viewings are Monday to Saturday; we confirm within the hour.",
    });
    expect(knowledge[second!.id]).toBeNull();
    expect(knowledge["custom-parking"]).toEqual({
      question: "Is there parking?",
      answer: "Yes, two spaces.",
      position: defaults!.knowledge[rest.at(-1)!.id]!.position + 1,
    });
    // Removing one entry and appending another overrides nothing else (positions only order).
    expect(Object.keys(knowledge).sort()).toEqual([first!.id, second!.id, "custom-parking"].sort());
    const config = await getOrgVerticalConfig(a.ctx);
    expect(config.resolved?.knowledge[second!.id]).toBeUndefined();
    expect(config.resolved?.knowledge["custom-parking"]?.answer).toBe("Yes, two spaces.");
  });

  it("setting a field back to the template's value removes its override (reset to template)", async () => {
    const { resolved, defaults } = await getOrgVerticalConfig(a.ctx);
    await saveCustomization(a.ctx, {
      ...customizeInputFrom(resolved!),
      greeting: defaults!.agent.greeting,
    });
    const row = await storedRow(a.orgId);
    expect((row?.overrides as { agent: object }).agent).toEqual({ language: "fr-FR" });
  });

  it("step 5 saves the ROI assumptions; 'do it later' skips the connect step", async () => {
    const { resolved } = await getOrgVerticalConfig(a.ctx);
    await deferConnect(a.ctx);
    let state = await getOnboardingState(a.ctx);
    expect(state.nextStep).toBe("value");
    expect(state.connectDeferred).toBe(true);
    const [deferred] = await withTenant(a.ctx, (tx) =>
      tx.select().from(auditLog).where(eq(auditLog.action, "onboarding.connect_deferred")),
    );
    expect(deferred?.actorId).toBe(a.userId);
    await saveRoiAssumptions(
      a.ctx,
      parseInput(roiSchema, { ...resolved!.roi, loadedHourlyCost: 52 }),
    );
    state = await getOnboardingState(a.ctx);
    expect(state.nextStep).toBe("done");
    expect((await getOrgVerticalConfig(a.ctx)).resolved?.roi.loadedHourlyCost).toBe(52);
    await finishOnboarding(a.ctx);
    state = await getOnboardingState(a.ctx);
    // Finished, but not complete: the checklist stays until the channels deliver.
    expect(state).toMatchObject({ finished: true, complete: false, nextStep: "connect" });
  });

  it("the connect step is done when both channels have delivered an event", async () => {
    const connected = await connectChannels(a.ctx);
    const nothingYet = {
      connected: true,
      testVerified: false,
      lastRealEventAt: null,
      eventArrived: false,
    };
    expect((await getOnboardingState(a.ctx)).channels).toEqual({
      twilio: nothingYet,
      vapi: nothingYet,
    });
    expect(
      (
        await postVapi(connected.vapiEndpoint, statusUpdate("in-progress"), {
          "x-vapi-secret": connected.vapiSecret,
        })
      ).status,
    ).toBe(200);
    // One provider's event says nothing about the other's.
    const vapiOnly = (await getOnboardingState(a.ctx)).channels;
    expect(vapiOnly.vapi.lastRealEventAt).toBeInstanceOf(Date);
    expect(vapiOnly.twilio).toEqual(nothingYet);
    expect(
      (
        await postTwilio(
          connected.twilioEndpoint,
          "status",
          callStatusCallback("completed"),
          connected.authToken,
        )
      ).status,
    ).toBe(200);
    const events = await withTenant(a.ctx, (tx) =>
      tx.select({ id: webhookEvents.id }).from(webhookEvents),
    );
    for (const event of events) await processWebhookEvent({ orgId: a.orgId, eventId: event.id });
    const state = await getOnboardingState(a.ctx);
    expect(state.done.connect).toBe(true);
    expect(state.complete).toBe(true);
  });
});

describe("permissions and tenancy", () => {
  it("a member cannot change the vertical or any step, and nothing is written", async () => {
    const before = await storedRow(a.orgId);
    await expectAppError(chooseVertical(member.ctx, { slug: "ecommerce" }), "FORBIDDEN");
    await expectAppError(selectVertical(member.ctx, { slug: "ecommerce" }), "FORBIDDEN");
    await expectAppError(saveBusinessProfile(member.ctx, PROFILE), "FORBIDDEN");
    await expectAppError(
      saveCustomization(member.ctx, customizeInputFrom(before!.resolved as never)),
      "FORBIDDEN",
    );
    await expectAppError(deferConnect(member.ctx), "FORBIDDEN");
    expect(await storedRow(a.orgId)).toEqual(before);
  });

  it("a member may read the configuration (the agent's greeting is no secret inside the org)", async () => {
    expect((await getOrgVerticalConfig(member.ctx)).template?.slug).toBe("real-estate");
  });

  it("org B cannot read org A's overrides, and its own start empty", async () => {
    const config = await getOrgVerticalConfig(b.ctx);
    expect(config).toMatchObject({ template: null, overrides: {}, resolved: null });
    const rows = await withTenant(b.ctx, (tx) => tx.select().from(orgVerticals));
    expect(rows).toEqual([]);
    expect((await getOnboardingState(b.ctx)).nextStep).toBe("profile");
  });
});

describe("bad input gives field errors and changes nothing", () => {
  // The first two run the wizard's schemas alone (what its server actions parse with): they name
  // the fields, and no service is reached. The service's own refusals, which must write nothing,
  // follow.
  it("the schema refuses an empty name, an unknown country, time zone and language", async () => {
    const error = await expectAppError(
      Promise.resolve().then(() =>
        parseInput(businessProfileSchema, {
          ...PROFILE,
          name: " ",
          country: "XX",
          timezone: "Mars/Olympus",
          language: "tlh",
        }),
      ),
      "VALIDATION",
    );
    expect(Object.keys(error.fieldErrors ?? {}).sort()).toEqual([
      "country",
      "language",
      "name",
      "timezone",
    ]);
  });

  it("the schema refuses a customisation that would break the agent, naming the fields", async () => {
    const form = customizeInputFrom((await storedRow(a.orgId))!.resolved as never);
    const error = await expectAppError(
      Promise.resolve().then(() =>
        parseInput(customizeSchema, {
          ...form,
          greeting: "",
          hours: { ...form.hours, mon: [{ open: "18:00", close: "09:00" }] },
          knowledge: [{ id: "x", question: "", answer: "An answer" }],
        }),
      ),
      "VALIDATION",
    );
    expect(Object.keys(error.fieldErrors ?? {}).sort()).toEqual([
      "greeting",
      "hours.mon.0",
      "knowledge.0.question",
    ]);
  });

  it("refuses an edit that leaves the configuration incomplete, naming the field, without writing", async () => {
    const before = await storedRow(a.orgId);
    expect(before?.resolved).not.toBeNull();
    const counts = await countRows();
    // Well-formed as a patch, but `null` removes the greeting, which the agent cannot do without:
    // resolution refuses it.
    const error = await expectAppError(
      editVerticalConfig(
        a.ctx,
        { agent: { greeting: null } },
        { action: "verticals.customized", sections: ["agent"] },
      ),
      "VALIDATION",
    );
    expect(Object.keys(error.fieldErrors ?? {})).toEqual(["agent.greeting"]);
    expect(await storedRow(a.orgId)).toEqual(before);
    expect(await countRows()).toEqual(counts);
  });

  it("refuses customising before a vertical is chosen, without writing", async () => {
    const form = customizeInputFrom((await getOrgVerticalConfig(a.ctx)).resolved!);
    await expectAppError(saveCustomization(b.ctx, form), "VALIDATION");
    expect(await storedRow(b.orgId)).toBeNull();
  });

  it("refuses an unknown vertical or version as not found, without writing", async () => {
    const before = await storedRow(a.orgId);
    await expectAppError(chooseVertical(a.ctx, { slug: "real-estate", version: 99 }), "NOT_FOUND");
    expect(await storedRow(a.orgId)).toEqual(before);
  });
});

describe("template upgrades and changing trade", () => {
  let c: TestOwner;
  /** The knowledge entry whose answer the org rewrote ("Our own answer."). */
  let overriddenId: string;
  beforeAll(async () => {
    c = await createOwner();
    await chooseVertical(c.ctx, { slug: "real-estate", version: 1 });
    const { resolved } = await getOrgVerticalConfig(c.ctx);
    const form = customizeInputFrom(resolved!);
    const [first, ...rest] = form.knowledge;
    overriddenId = first!.id;
    await saveCustomization(c.ctx, {
      ...form,
      greeting: "Ours!",
      knowledge: [{ ...first!, answer: "Our own answer." }, ...rest],
    });
  });

  it("previews an upgrade as the template's changes, without the org's overridden fields", async () => {
    const preview = await previewVerticalChange(c.ctx, { slug: "real-estate" });
    expect(preview.from).toEqual({ slug: "real-estate", version: 1 });
    expect(preview.to).toEqual({ slug: "real-estate", version: 2 });
    const paths = preview.changes.map((change) => change.path);
    expect(paths).toContain("knowledge.energy-performance-certificate");
    expect(paths).toContain("roi.minutesPerCall");
    expect(paths).not.toContain("agent.greeting");
    expect(preview.dropped).toEqual([]);
    expect((await getOrgVerticalConfig(c.ctx)).template?.version).toBe(1);
  });

  it("upgrades, keeping the overrides", async () => {
    await selectVertical(c.ctx, { slug: "real-estate" });
    const config = await getOrgVerticalConfig(c.ctx);
    expect(config.template).toMatchObject({ version: 2, latestVersion: 2 });
    expect(config.resolved?.agent.greeting).toBe("Ours!");
    expect(config.resolved?.knowledge[overriddenId]?.answer).toBe("Our own answer.");
    expect(config.defaults?.knowledge[overriddenId]?.answer).not.toBe("Our own answer.");
    expect((config.overrides.knowledge as Record<string, unknown>)[overriddenId]).toEqual({
      answer: "Our own answer.",
    });
    expect(config.resolved?.knowledge["energy-performance-certificate"]).toBeDefined();
  });

  it("switching trade keeps the greeting and drops the trade's own edits, as previewed", async () => {
    const preview = await previewVerticalChange(c.ctx, { slug: "ecommerce" });
    await selectVertical(c.ctx, { slug: "ecommerce" });
    const config = await getOrgVerticalConfig(c.ctx);
    expect(config.template?.slug).toBe("ecommerce");
    expect(config.resolved?.agent.greeting).toBe("Ours!");
    expect(config.resolved?.knowledge).toEqual(config.defaults?.knowledge);
    expect(preview.dropped).toEqual(["knowledge"]);
    // The hours in force (real estate's, never edited here) stay the business's.
    expect(config.overrides).toEqual({
      agent: { greeting: "Ours!" },
      hours: expect.any(Object),
    });
    expect(config.resolved?.hours).not.toEqual(config.defaults?.hours);
  });
});

describe("switching trade in the wizard", () => {
  // Step 1's hours share Monday to Friday with the e-commerce template, not Saturday: once
  // e-commerce is chosen only Saturday differs from it, so only Saturday is stored as an override.
  const nineToSix = [{ open: "09:00", close: "18:00" }];
  const hours = {
    mon: nineToSix,
    tue: nineToSix,
    wed: nineToSix,
    thu: nineToSix,
    fri: nineToSix,
    sat: [{ open: "10:00", close: "16:00" }],
    sun: [],
  };
  let d: TestOwner;
  beforeAll(async () => {
    d = await createOwner();
    await saveBusinessProfile(d.ctx, parseInput(businessProfileSchema, { ...PROFILE, hours }));
    await chooseVertical(d.ctx, { slug: "ecommerce" });
  });

  it("keeps the hours entered in step 1 and offers the template's in the preview", async () => {
    const preview = await previewVerticalChange(d.ctx, { slug: "real-estate" });
    expect(preview.hoursChoice).toEqual({ templateHours: false });
    expect(preview.changes.map((c) => c.path).filter((p) => p.startsWith("hours"))).toEqual([]);
    const instead = await previewVerticalChange(d.ctx, {
      slug: "real-estate",
      templateHours: true,
    });
    expect(instead.hoursChoice).toEqual({ templateHours: true });
    expect(instead.changes.some((c) => c.path.startsWith("hours"))).toBe(true);

    await chooseVertical(d.ctx, { slug: "real-estate" });
    expect((await getOrgVerticalConfig(d.ctx)).resolved?.hours).toEqual(hours);
    // And back: still the business's hours.
    await chooseVertical(d.ctx, { slug: "ecommerce" });
    expect((await getOrgVerticalConfig(d.ctx)).resolved?.hours).toEqual(hours);
  });

  it("takes the template's hours when the person chooses them", async () => {
    await selectVertical(d.ctx, { slug: "real-estate", templateHours: true });
    const config = await getOrgVerticalConfig(d.ctx);
    expect(config.resolved?.hours).toEqual(config.defaults?.hours);
    expect(config.resolved?.hours).not.toEqual(hours);
  });
});
