import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, contactFacts, contactMemory } from "@/db/schema";
import type { TenantContext } from "@/lib/context";
import { withTenant } from "@/lib/db/scopes";
import { stopBoss } from "@/lib/jobs/boss";
import { QUEUES } from "@/lib/jobs/queues";
import { ownerSql, setupFreshDatabase } from "@/test/db";
import { expectAppError } from "@/test/errors";
import { addMember, createOwner, type TestMember, type TestOwner } from "@/test/factories";
import { getContactMemory, getSummaryJob } from "./queries";
import { correctFact, deleteFact, requestSummary } from "./service";
import { summariseConversation } from "./summarise";
import {
  insertContact,
  insertConversation,
  REAL_ESTATE_CALL,
  RENTAL_SMS,
} from "@/test/fixtures/memory";

await setupFreshDatabase();
afterAll(stopBoss);

let a: TestOwner;
let b: TestOwner;
let member: TestMember;
let admin: TestMember;
let contactId: string;
let callId: string;
let smsId: string;

beforeAll(async () => {
  [a, b] = await Promise.all([createOwner(), createOwner()]);
  [member, admin] = await Promise.all([addMember(a.ctx, "member"), addMember(a.ctx, "admin")]);
  contactId = await insertContact(a.ctx, "Priya Raman");
  callId = await insertConversation(a.ctx, { contactId, turns: REAL_ESTATE_CALL });
  smsId = await insertConversation(a.ctx, {
    contactId,
    channel: "sms",
    turns: RENTAL_SMS,
    at: new Date("2026-10-02T18:00:00Z"),
  });
  for (const conversationId of [callId, smsId]) {
    await summariseConversation({ orgId: a.orgId, conversationId, force: true });
  }
});

async function storedFacts(ctx: TenantContext, id: string) {
  return withTenant(ctx, (tx) =>
    tx
      .select()
      .from(contactFacts)
      .where(and(eq(contactFacts.orgId, ctx.org.id), eq(contactFacts.contactId, id))),
  );
}

async function brief(ctx: TenantContext, id: string) {
  const [row] = await withTenant(ctx, (tx) =>
    tx
      .select({ agentBrief: contactMemory.agentBrief })
      .from(contactMemory)
      .where(and(eq(contactMemory.orgId, ctx.org.id), eq(contactMemory.contactId, id))),
  );
  return row?.agentBrief;
}

async function auditOf(ctx: TenantContext, action: string) {
  return withTenant(ctx, (tx) =>
    tx
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, ctx.org.id), eq(auditLog.action, action))),
  );
}

describe("getContactMemory", () => {
  it("gives the summary, open items, and every fact with the conversation it came from", async () => {
    const memory = await getContactMemory(member.ctx, contactId);
    expect(memory.summary).toMatch(/^16 Nov \(call\): .* 2 Oct \(SMS\): /);
    expect(memory.openItems.length).toBeGreaterThan(0);
    const budget = memory.facts.find((f) => f.key === "budget");
    expect(budget).toMatchObject({
      value: "650000",
      source: "offline",
      conversation: { id: callId, channel: "voice", startedAt: expect.any(Date) },
    });
    const area = memory.facts.find((f) => f.key === "area");
    // Both conversations named an area: the call, the more recent, is remembered.
    expect(area).toMatchObject({ value: "Harbour View", conversation: { id: callId } });
    expect(memory.lastConversationId).toBe(callId);
    expect(memory.timezone).toBe("UTC");
  });

  it("answers an empty memory for a contact Luneo has not summarised yet", async () => {
    const fresh = await insertContact(a.ctx);
    expect(await getContactMemory(a.ctx, fresh)).toMatchObject({
      contactId: fresh,
      summary: "",
      openItems: [],
      facts: [],
      lastConversationId: null,
      updatedAt: null,
    });
  });

  it("does not find another org's contact, nor a malformed id", async () => {
    await expectAppError(getContactMemory(b.ctx, contactId), "NOT_FOUND");
    await expectAppError(getContactMemory(a.ctx, "not-an-id"), "NOT_FOUND");
  });
});

describe("correcting memory", () => {
  it("lets an admin correct a fact: it becomes the admin's, the brief follows, the audit names the key only", async () => {
    const fact = await correctFact(admin.ctx, contactId, "Budget", " 700000 ");
    expect(fact).toEqual({ key: "budget", value: "700000" });
    const stored = (await storedFacts(a.ctx, contactId)).find((f) => f.key === "budget");
    expect(stored).toMatchObject({
      value: "700000",
      source: "admin",
      conversationId: null,
      updatedBy: admin.userId,
    });
    expect((await brief(a.ctx, contactId))!.customerFacts).toContain("budget: 700000");
    const view = await getContactMemory(a.ctx, contactId);
    expect(view.facts.find((f) => f.key === "budget")).toMatchObject({
      source: "admin",
      conversation: null,
    });

    const [entry] = await auditOf(a.ctx, "memory.fact_corrected");
    expect(entry).toMatchObject({
      actorType: "user",
      actorId: admin.userId,
      targetType: "contact",
      targetId: contactId,
      metadata: { key: "budget" },
    });
    expect(JSON.stringify(entry)).not.toContain("700000");

    // The next summary of the call leaves it alone.
    await summariseConversation({ orgId: a.orgId, conversationId: callId, force: true });
    expect((await storedFacts(a.ctx, contactId)).find((f) => f.key === "budget")?.value).toBe(
      "700000",
    );
  });

  it("adds a fact no conversation taught", async () => {
    await correctFact(a.ctx, contactId, "parking", "Needs two spaces");
    expect((await brief(a.ctx, contactId))!.customerFacts).toContain("parking: Needs two spaces");
  });

  it("forgets a fact: gone from memory and from the brief, audited with its key", async () => {
    await deleteFact(a.ctx, contactId, "bedrooms");
    const facts = await storedFacts(a.ctx, contactId);
    expect(facts.some((f) => f.key === "bedrooms")).toBe(false);
    expect((await brief(a.ctx, contactId))!.customerFacts).not.toContain("bedrooms:");
    const entries = await auditOf(a.ctx, "memory.fact_deleted");
    expect(entries.map((e) => e.metadata)).toEqual([{ key: "bedrooms" }]);
    await expectAppError(deleteFact(a.ctx, contactId, "bedrooms"), "NOT_FOUND");
  });

  it("does not let a member correct or forget, and writes nothing", async () => {
    const before = await storedFacts(a.ctx, contactId);
    await expectAppError(correctFact(member.ctx, contactId, "budget", "1"), "FORBIDDEN");
    await expectAppError(deleteFact(member.ctx, contactId, "budget"), "FORBIDDEN");
    expect(await storedFacts(a.ctx, contactId)).toEqual(before);
  });

  it("refuses bad input with the field at fault, and writes nothing", async () => {
    const before = await storedFacts(a.ctx, contactId);
    const audits = (await auditOf(a.ctx, "memory.fact_corrected")).length;
    const empty = await expectAppError(
      correctFact(a.ctx, contactId, "budget", "   "),
      "VALIDATION",
    );
    expect(empty.fieldErrors?.value).toEqual(["Enter what Luneo should remember."]);
    const key = await expectAppError(correctFact(a.ctx, contactId, "!!!", "x"), "VALIDATION");
    expect(key.fieldErrors?.key).toBeDefined();
    const long = await expectAppError(
      correctFact(a.ctx, contactId, "notes", "x".repeat(201)),
      "VALIDATION",
    );
    expect(long.fieldErrors?.value).toEqual(["Use at most 200 characters."]);
    expect(await storedFacts(a.ctx, contactId)).toEqual(before);
    expect(await auditOf(a.ctx, "memory.fact_corrected")).toHaveLength(audits);
  });

  it("does not reach another org's contact: not found, nothing written there", async () => {
    const before = await storedFacts(a.ctx, contactId);
    await expectAppError(correctFact(b.ctx, contactId, "budget", "1"), "NOT_FOUND");
    await expectAppError(deleteFact(b.ctx, contactId, "area"), "NOT_FOUND");
    expect(await storedFacts(a.ctx, contactId)).toEqual(before);
    expect(await auditOf(b.ctx, "memory.fact_corrected")).toEqual([]);
  });
});

describe("requestSummary", () => {
  it("enqueues a forced summary job of the org's conversation, readable by its id", async () => {
    const { jobId } = await requestSummary(a.ctx, callId);
    const [job] = await ownerSql()<{ data: unknown; singleton_key: string }[]>`
      select data, singleton_key from pgboss.job where name = ${QUEUES.memory.name} and id = ${jobId}`;
    expect(job).toEqual({
      data: { orgId: a.orgId, conversationId: callId, force: true },
      singleton_key: `conversation:${callId}:requested`,
    });
    expect(await getSummaryJob(member.ctx, jobId)).toMatchObject({
      id: jobId,
      state: "created",
      completedOn: null,
    });
    await expectAppError(getSummaryJob(b.ctx, jobId), "NOT_FOUND");
  });

  it("answers not found for another org's conversation, and conflict without a contact", async () => {
    await expectAppError(requestSummary(b.ctx, callId), "NOT_FOUND");
    await expectAppError(requestSummary(a.ctx, "nope"), "NOT_FOUND");
    const anonymous = await insertConversation(a.ctx, { contactId: null });
    await expectAppError(requestSummary(a.ctx, anonymous), "CONFLICT");
  });

  it("is for admins: a member cannot request one", async () => {
    await expectAppError(requestSummary(member.ctx, callId), "FORBIDDEN");
  });
});
