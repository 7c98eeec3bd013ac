import { and, eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { featureFlagOverrides, learningGaps, verticalTemplates } from "@/db/schema";
import { withSystem, withTenant } from "@/lib/db/scopes";
import { ConflictError, ValidationError } from "@/lib/errors";
import { ownerSql, setupFreshDatabase } from "@/test/db";
import { createOwner, type TestOwner } from "@/test/factories";

// /staff/learning's counts leave out orgs whose learning is off, and staff promote an answer to a
// shared question into a new version of the trade's template: a new immutable version, seen by
// the trade's orgs in their upgrade diff, recorded in the platform audit log, staff only.

// The action reads the signed-in user from Auth.js cookies; here it is the user the test says.
const signedIn = vi.hoisted(() => ({ current: null as { id: string; email: string } | null }));
vi.mock("@/lib/auth/session", () => ({ getSignedInUser: async () => signedIn.current }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("next/headers", () => ({ headers: async () => new Headers() }));

await setupFreshDatabase();

const { FLAGS } = await import("@/lib/flags/registry");
const { grantStaff, loadStaffMember } = await import("@/lib/staff/staff");
const { previewVerticalChange, selectVertical } = await import("@/lib/verticals/service");
const { crossOrgGaps } = await import("../staff-queries");
const { promoteAnswer, sharedKnowledgeId } = await import("./promote");
const { promoteAnswerAction } = await import("./server-actions");
const { publishVerticalTemplates } = await import("@/lib/verticals/publish");
const { TEMPLATE_VERSIONS } = await import("@/lib/verticals/templates");

async function gap(owner: TestOwner, question: string) {
  const at = new Date();
  await withTenant(owner.ctx, (tx) =>
    tx.insert(learningGaps).values({
      orgId: tx.orgId,
      language: "en",
      canonicalQuestion: question,
      signalCount: 2,
      callerCount: 2,
      firstSeenAt: at,
      lastSeenAt: at,
    }),
  );
}

const learningOff = (orgId: string) =>
  withSystem("test pins learning off", (tx) =>
    tx.insert(featureFlagOverrides).values({ orgId, flagKey: FLAGS.learning.key, enabled: false }),
  );

const versions = async () =>
  (
    await ownerSql()<{ version: number }[]>`
      select version from vertical_templates where slug = 'real-estate' order by version`
  ).map((r) => r.version);

const form = (values: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(values)) data.set(k, v);
  return data;
};

describe("learning across orgs, for staff", () => {
  const owners: TestOwner[] = [];
  const PETS = ["Do you allow pets in your rentals?", "Are pets allowed in the rental?"];

  it("does not count the orgs whose learning is off", async () => {
    owners.push(...(await Promise.all([1, 2, 3, 4].map(() => createOwner()))));
    for (const o of owners) await selectVertical(o.ctx, { slug: "real-estate" });
    await gap(owners[0]!, PETS[0]!);
    await gap(owners[1]!, PETS[1]!);
    await gap(owners[2]!, "Can I keep pets in the rentals?");
    await gap(owners[3]!, "Do you accept pets in your rentals?");
    await grantStaff({ type: "operator", name: "test" }, owners[0]!.email);
    const staff = (await loadStaffMember({ id: owners[0]!.userId, email: owners[0]!.email }))!;
    expect((await crossOrgGaps(staff, "real-estate"))[0]).toMatchObject({ orgs: 4, signals: 8 });

    await learningOff(owners[3]!.orgId);
    expect((await crossOrgGaps(staff, "real-estate"))[0]).toMatchObject({ orgs: 3, signals: 6 });
    await learningOff(owners[2]!.orgId);
    // Two orgs left: under the threshold, so the question is not shown at all.
    expect(await crossOrgGaps(staff, "real-estate")).toEqual([]);
  });

  it("promotes staff's answer into a new version of the trade's template, seen in the orgs' upgrade diff", async () => {
    const [owner, other] = owners as [TestOwner, TestOwner];
    const staff = (await loadStaffMember({ id: owner.userId, email: owner.email }))!;
    const before = await versions();
    const latest = before.at(-1)!;
    const input = {
      vertical: "real-estate",
      language: "en",
      question: PETS[0]!,
      answer: "Most landlords accept cats and small dogs; the listing says so, with any deposit.",
    };

    // Bad input: a clear refusal, nothing written.
    await expect(promoteAnswer(staff, { ...input, answer: "" })).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(promoteAnswer(staff, { ...input, vertical: "bakery" })).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(await versions()).toEqual(before);

    const promoted = await promoteAnswer(staff, input);
    expect(promoted).toEqual({
      slug: "real-estate",
      version: latest + 1,
      knowledgeId: sharedKnowledgeId("en", PETS[0]!),
    });
    const [row] = await withSystem("test reads the template", (tx) =>
      tx
        .select()
        .from(verticalTemplates)
        .where(
          and(eq(verticalTemplates.slug, "real-estate"), eq(verticalTemplates.version, latest + 1)),
        ),
    );
    expect((row!.content as { knowledge: Record<string, unknown> }).knowledge).toMatchObject({
      [promoted.knowledgeId]: { question: input.question, answer: input.answer },
    });

    // An org of the trade sees the answer in the diff of its upgrade.
    const preview = await previewVerticalChange(other.ctx, { slug: "real-estate" });
    expect(preview.to.version).toBe(latest + 1);
    expect(JSON.stringify(preview.changes)).toContain(input.answer);

    // The same question twice is a conflict, not a second version.
    await expect(promoteAnswer(staff, input)).rejects.toBeInstanceOf(ConflictError);
    expect(await versions()).toEqual([...before, latest + 1]);

    const audit = await ownerSql()<{ target_id: string; actor_id: string }[]>`
      select target_id, actor_id from platform_audit_log
       where action = 'staff.learning_answer_promoted'`;
    expect(audit).toEqual([{ target_id: `real-estate/v${latest + 1}`, actor_id: owner.userId }]);
  });

  it("then a start publishing the code's next version takes the next number and keeps the promoted answer", async () => {
    const other = owners[1]!;
    const promotedVersion = (await versions()).at(-1)!;
    const last = TEMPLATE_VERSIONS.filter((t) => t.slug === "real-estate").at(-1)!;
    const content = structuredClone(last.content);
    content.tagline = `${content.tagline} Now with rentals.`;
    const code = [
      ...TEMPLATE_VERSIONS,
      { slug: "real-estate" as const, version: last.version + 1, content },
    ];

    // The code's next number is the promoted version's: the start publishes it after it.
    expect(last.version + 1).toBeLessThanOrEqual(promotedVersion);
    expect(await publishVerticalTemplates(ownerSql(), code)).toEqual({
      published: [`real-estate/v${promotedVersion + 1}`],
    });
    expect(await publishVerticalTemplates(ownerSql(), code)).toEqual({ published: [] });

    const preview = await previewVerticalChange(other.ctx, { slug: "real-estate" });
    expect(preview.to.version).toBe(promotedVersion + 1);
    const changes = JSON.stringify(preview.changes);
    expect(changes).toContain("Now with rentals.");
    expect(changes).toContain("Most landlords accept cats and small dogs");
  });

  it("is refused to anyone who is not staff", async () => {
    const outsider = owners[1]!;
    signedIn.current = { id: outsider.userId, email: outsider.email };
    const before = await versions();
    const result = await promoteAnswerAction(
      null,
      form({
        vertical: "real-estate",
        language: "en",
        question: "Is there parking?",
        answer: "Usually, yes.",
      }),
    );
    expect(result.ok).toBe(false);
    expect(await versions()).toEqual(before);

    signedIn.current = { id: owners[0]!.userId, email: owners[0]!.email };
    const allowed = await promoteAnswerAction(
      null,
      form({
        vertical: "real-estate",
        language: "en",
        question: "Is there parking?",
        answer: "Usually, yes.",
      }),
    );
    expect(allowed).toMatchObject({ ok: true, data: { version: before.at(-1)! + 1 } });
  });
});
