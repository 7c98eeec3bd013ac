import { and, eq } from "drizzle-orm";
import { renderToStaticMarkup } from "react-dom/server";
import { createElement, isValidElement, type ComponentProps, type ReactElement } from "react";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { featureFlagOverrides, learningGaps, learningSignals } from "@/db/schema";
import type { SessionContext } from "@/lib/auth/session";
import { withSystem, withTenant } from "@/lib/db/scopes";
import type { JobRun } from "@/lib/jobs/define";
import { bearer, createApiOrg, type ApiOrg } from "@/test/api";
import { ownerSql, setupFreshDatabase } from "@/test/db";

// The learning module behind its flag (CONTRIBUTING.md, "Putting a module behind a flag"): one org
// has `learning` pinned off by an override, another has it on (the default); every entry point of
// the module is checked for both.

// The session comes from Auth.js cookies; here it is the org the test says (the rest is real).
// Server actions read the request's headers and revalidate a path: neither exists outside Next.
const session = vi.hoisted(() => ({ current: null as SessionContext | null }));
vi.mock("@/lib/auth/session", () => ({
  getSessionContext: async () => session.current,
  requireSessionContext: async () => session.current,
}));
vi.mock("next/headers", () => ({ headers: async () => new Headers() }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

await setupFreshDatabase();

const { FLAGS } = await import("@/lib/flags/registry");
const { configurePostHog } = await import("@/lib/flags/posthog");
const { isHiddenPath } = await import("@/lib/flags/pages");
const { flagsForOrg } = await import("@/lib/flags/evaluate");
const { NAV_ITEMS, visibleNavItems } = await import("@/components/shell/nav");
const { EntryList } = await import("@/components/verticals/entry-list");
const { CustomizeForm } = await import("@/components/verticals/customize-form");
const { learningSignalsJob } = await import("./signals-job");
const { learningReclusterJob } = await import("./recluster-job");
const { enqueueWeeklyPasses } = await import("./weekly");
const { approveGapAction, dismissGapAction } = await import("./server-actions");
const { approveGap } = await import("./service");
const { selectVertical } = await import("@/lib/verticals/service");
const AgentSettingsPage = (await import("@/app/(dashboard)/settings/agent/page")).default;
const LearningPage = (await import("@/app/(dashboard)/learning/page")).default;
const GapPage = (await import("@/app/(dashboard)/learning/gaps/[id]/page")).default;
const gapsRoute = await import("@/app/api/v1/learning/gaps/route");
const gapRoute = await import("@/app/api/v1/learning/gaps/[id]/route");
const approveRoute = await import("@/app/api/v1/learning/gaps/[id]/approve/route");
const rejectRoute = await import("@/app/api/v1/learning/gaps/[id]/reject/route");
const analysisRoute = await import("@/app/api/v1/learning/analysis/route");
const analysisStateRoute = await import("@/app/api/v1/learning/analysis/[id]/route");

const LEARNING = FLAGS.learning.key;
const GONE = { error: { code: "NOT_FOUND", message: "This page was not found." } };
const NOT_FOUND_DIGEST = "NEXT_HTTP_ERROR_FALLBACK;404";
const run: JobRun = { id: "job-1", attempt: 1, finalAttempt: false };

/** Pins learning for the org, as staff would on /staff/flags (null gives it back). */
async function pin(orgId: string, enabled: boolean | null) {
  await withSystem("test pins a flag", async (tx) => {
    const where = and(
      eq(featureFlagOverrides.orgId, orgId),
      eq(featureFlagOverrides.flagKey, LEARNING),
    );
    await tx.delete(featureFlagOverrides).where(where);
    if (enabled !== null)
      await tx.insert(featureFlagOverrides).values({ orgId, flagKey: LEARNING, enabled });
  });
}

/** An open gap with one signal, as the signals job leaves it. */
async function makeGap(org: ApiOrg, question: string) {
  return withTenant(org.ctx, async (tx) => {
    const at = new Date("2026-11-20T10:00:00Z");
    const [gap] = await tx
      .insert(learningGaps)
      .values({
        orgId: tx.orgId,
        language: "en",
        canonicalQuestion: question,
        signalCount: 1,
        callerCount: 1,
        firstSeenAt: at,
        lastSeenAt: at,
        impact: 3,
      })
      .returning();
    await tx.insert(learningSignals).values({
      orgId: tx.orgId,
      conversationId: crypto.randomUUID(),
      seq: 2,
      channel: "voice",
      question,
      answer: "I don't know, sorry.",
      outcome: "deflected",
      language: "en",
      detector: "rules",
      detectorVersion: 1,
      occurredAt: at,
      gapId: gap!.id,
    });
    return gap!;
  });
}

/** The first element of type `type` in a server component's element tree. */
function findElement(node: unknown, type: unknown): ReactElement<Record<string, unknown>> {
  const queue = [node];
  while (queue.length) {
    const next = queue.shift();
    if (Array.isArray(next)) queue.push(...next);
    else if (isValidElement<Record<string, unknown>>(next)) {
      if (next.type === type) return next;
      queue.push(next.props.children);
    }
  }
  throw new Error("element not found in the page");
}

const signInAs = (org: ApiOrg) => {
  session.current = { ctx: org.ctx, orgs: [], user: { id: org.userId, email: "", name: "" } };
};

const gapState = async (id: string) =>
  (
    await ownerSql()<{ status: string; version: number }[]>`
    select status, version from learning_gaps where id = ${id}`
  )[0];

let off: ApiOrg;
let on: ApiOrg;
let offGap: string;
let onGap: string;

beforeAll(async () => {
  await configurePostHog(null);
  [off, on] = await Promise.all([createApiOrg(), createApiOrg()]);
  await Promise.all([
    selectVertical(off.ctx, { slug: "real-estate" }),
    selectVertical(on.ctx, { slug: "real-estate" }),
  ]);
  offGap = (await makeGap(off, "Do you allow pets?")).id;
  onGap = (await makeGap(on, "Do you allow pets?")).id;
  // Both orgs approved an answer while learning was on: it is in their agent's knowledge.
  for (const org of [off, on]) {
    const { id } = await makeGap(org, "Is there parking for visitors?");
    await approveGap(org.ctx, id, {
      answer: "Yes, two visitor spaces by the entrance.",
      version: 1,
    });
  }
  await pin(off.orgId, false);
});

describe("learning while its flag is off for one org", () => {
  it("every /api/v1/learning route answers 404 for that org, and runs for the other", async () => {
    const BASE = "http://localhost/api/v1/learning";
    const params = (id: string) => ({ params: Promise.resolve({ id }) });
    const post = (path: string, token: string, body?: unknown) =>
      new Request(`${BASE}${path}`, {
        method: "POST",
        headers: { ...bearer(token), "content-type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const calls = (org: ApiOrg, token: string, gapId: string, jobId: string) => ({
      "GET gaps": () =>
        gapsRoute.GET(new Request(`${BASE}/gaps`, { headers: bearer(token) }), {
          params: Promise.resolve({}),
        }),
      "GET gap": () =>
        gapRoute.GET(
          new Request(`${BASE}/gaps/${gapId}`, { headers: bearer(token) }),
          params(gapId),
        ),
      "POST analysis": () =>
        analysisRoute.POST(post("/analysis", token), { params: Promise.resolve({}) }),
      "GET analysis": () =>
        analysisStateRoute.GET(
          new Request(`${BASE}/analysis/${jobId}`, { headers: bearer(token) }),
          params(jobId),
        ),
      "POST reject": () =>
        rejectRoute.POST(
          post(`/gaps/${gapId}/reject`, token, { reason: "Not for us", version: 1 }),
          params(gapId),
        ),
      "POST approve": () =>
        approveRoute.POST(
          post(`/gaps/${gapId}/approve`, token, {
            answer: "Cats and dogs are welcome.",
            version: 1,
          }),
          params(gapId),
        ),
    });

    const [offToken, onToken] = await Promise.all([
      off.token(["learning:read", "learning:write"]),
      on.token(["learning:read", "learning:write"]),
    ]);
    for (const [name, call] of Object.entries(
      calls(off, offToken, offGap, "00000000-0000-4000-8000-000000000001"),
    )) {
      const response = await call();
      expect({ name, status: response.status, body: await response.json() }).toEqual({
        name,
        status: 404,
        body: GONE,
      });
    }
    // Nothing was decided behind the 404s.
    expect(await gapState(offGap)).toEqual({ status: "open", version: 1 });

    // The other org: the same calls run (its analysis job is read back by its own id).
    const onCalls = calls(on, onToken, onGap, "00000000-0000-4000-8000-000000000001");
    const analysis = await onCalls["POST analysis"]();
    expect(analysis.status).toBe(202);
    const { jobId } = ((await analysis.json()) as { data: { jobId: string } }).data;
    const statuses: Record<string, number> = {};
    for (const [name, call] of Object.entries(calls(on, onToken, onGap, jobId))) {
      if (name === "POST analysis" || name === "POST reject") continue;
      statuses[name] = (await call()).status;
    }
    expect(statuses).toEqual({
      "GET gaps": 200,
      "GET gap": 200,
      "GET analysis": 200,
      "POST approve": 200,
    });
    expect(await gapState(onGap)).toMatchObject({ status: "approved" });
  });

  it("its pages are hidden by the layout's path check and answer 404 themselves", async () => {
    for (const path of ["/learning", "/learning/", "/learning/gaps/abc"]) {
      expect({ path, hidden: await isHiddenPath(off.orgId, path) }).toEqual({ path, hidden: true });
      expect({ path, hidden: await isHiddenPath(on.orgId, path) }).toEqual({ path, hidden: false });
    }
    expect(await isHiddenPath(off.orgId, "/learnings")).toBe(false);

    signInAs(off);
    await expect(LearningPage({ searchParams: Promise.resolve({}) })).rejects.toMatchObject({
      digest: NOT_FOUND_DIGEST,
    });
    await expect(GapPage({ params: Promise.resolve({ id: offGap }) })).rejects.toMatchObject({
      digest: NOT_FOUND_DIGEST,
    });

    signInAs(on);
    const page = renderToStaticMarkup(await LearningPage({ searchParams: Promise.resolve({}) }));
    expect(page).toContain("Learning");
    const gap = renderToStaticMarkup(await GapPage({ params: Promise.resolve({ id: onGap }) }));
    expect(gap).toContain("Do you allow pets?");
  });

  it("the review page's actions answer not found for that org and decide nothing", async () => {
    const gap = (await makeGap(off, "Is there a gym in the building?")).id;
    signInAs(off);
    const form = (fields: Record<string, string>) => {
      const data = new FormData();
      for (const [k, v] of Object.entries(fields)) data.set(k, v);
      return data;
    };
    const approved = await approveGapAction(
      gap,
      null,
      form({ question: "Is there a gym?", answer: "Yes, on the ground floor.", version: "1" }),
    );
    const dismissed = await dismissGapAction(gap, null, form({ reason: "Not ours", version: "1" }));
    expect([approved, dismissed]).toMatchObject([
      { ok: false, code: "NOT_FOUND" },
      { ok: false, code: "NOT_FOUND" },
    ]);
    expect(await gapState(gap)).toEqual({ status: "open", version: 1 });

    const onOwn = (await makeGap(on, "Is there a gym in the building?")).id;
    signInAs(on);
    expect(
      await dismissGapAction(onOwn, null, form({ reason: "Not ours", version: "1" })),
    ).toMatchObject({
      ok: true,
    });
  });

  it("the sidebar has no Learning item for that org; the other org keeps it", async () => {
    const hrefs = async (org: ApiOrg) =>
      visibleNavItems(NAV_ITEMS, org.ctx, await flagsForOrg(org.orgId)).map((i) => i.href);
    expect(await hrefs(off)).not.toContain("/learning");
    expect(await hrefs(off)).toContain("/contacts");
    expect(await hrefs(on)).toContain("/learning");
  });

  it("its signals and re-clustering jobs complete as skipped; the other org's run", async () => {
    const conversationId = "00000000-0000-4000-8000-0000000000aa";
    const skipped = { skipped: "flag-off", flag: LEARNING };
    expect(await learningSignalsJob.handler({ orgId: off.orgId, conversationId }, run)).toEqual(
      skipped,
    );
    expect(await learningReclusterJob.handler({ orgId: off.orgId }, run)).toEqual(skipped);

    const signals = await learningSignalsJob.handler({ orgId: on.orgId, conversationId }, run);
    expect(signals).toHaveProperty("outcome");
    expect(signals).not.toEqual(skipped);
    expect(await learningReclusterJob.handler({ orgId: on.orgId }, run)).toMatchObject({
      signals: expect.any(Number),
      gaps: expect.any(Number),
    });
  });

  it("the weekly fan-out enqueues no pass for that org", async () => {
    // Both orgs have signals and keep UTC: Monday 03:10 UTC is their weekly hour.
    const monday = new Date("2026-11-30T03:10:00Z");
    const enqueued = await enqueueWeeklyPasses(monday);
    const passes = await ownerSql()<{ orgId: string }[]>`
      select data->>'orgId' as "orgId" from pgboss.job
       where name = ${learningReclusterJob.name}
         and singleton_key like ${`weekly:%:${monday.toISOString().slice(0, 13)}`}`;
    const orgs = passes.map((p) => p.orgId);
    expect(orgs).toContain(on.orgId);
    expect(orgs).not.toContain(off.orgId);
    expect(enqueued).toBe(orgs.length);
  });

  it('Settings → Agent labels approved answers "Learned from calls" only while learning is on', async () => {
    // The page's element tree (its client components are not run here): the editor it renders
    // holds the org's knowledge, and is told whether to label learned answers.
    const editorOf = async (org: ApiOrg) => {
      signInAs(org);
      const form = findElement(await AgentSettingsPage(), CustomizeForm);
      return form.props as ComponentProps<typeof CustomizeForm>;
    };
    const [offForm, onForm] = [await editorOf(off), await editorOf(on)];
    // The approved answer stays in the agent's knowledge either way.
    for (const form of [offForm, onForm]) {
      expect(form.initial.knowledge.map((k) => k.question)).toContain(
        "Is there parking for visitors?",
      );
    }
    expect({ off: offForm.learnedLabel, on: onForm.learnedLabel }).toEqual({
      off: false,
      on: true,
    });

    const render = (learnedLabel: boolean) =>
      renderToStaticMarkup(
        createElement(EntryList<{ id: string; question: string }>, {
          name: "knowledge",
          noun: { one: "question", many: "questions" },
          value: [{ id: "learned-1", question: "Do you allow pets?" }],
          defaults: [],
          max: 50,
          onChange: () => undefined,
          newEntry: () => ({ id: "new", question: "" }),
          summary: (e) => e.question,
          renderFields: () => null,
          errorsFor: () => [],
          learnedLabel,
        }),
      );
    expect(render(true)).toContain("Learned from calls");
    const hidden = render(false);
    expect(hidden).not.toContain("Learned from calls");
    expect(hidden).toContain("Yours");
  });
});
