import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { contactFacts, conversations } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { requirePermission } from "@/lib/auth/permissions";
import { getLiveContactIn } from "@/lib/contacts/queries";
import type { TenantContext } from "@/lib/context";
import { withTenant } from "@/lib/db/scopes";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { parseInput } from "@/lib/parse-input";
import { enqueueMemorySummary } from "./jobs";
import { lockContactMemory, saveContactMemory } from "./memory-store";
import { correctFactSchema, factKeySchema, idSchema } from "./schemas";

// An admin's corrections to memory. A corrected fact becomes the admin's (source "admin"): the
// memory job never writes over it. Every change recomputes the agent brief in the same
// transaction, so the next call hears it, and is audited with the fact's key only (never its
// value: facts are what callers said about themselves).

const userIdOf = (ctx: TenantContext) => (ctx.actor.type === "user" ? ctx.actor.userId : null);

export async function correctFact(
  ctx: TenantContext,
  contactId: string,
  key: string,
  value: string,
): Promise<{ key: string; value: string }> {
  requirePermission(ctx, "memory.write");
  const input = parseInput(correctFactSchema, { key, value });
  return withTenant(ctx, async (tx) => {
    const contact = await getLiveContactIn(tx, ctx, contactId);
    const orgId = ctx.org.id;
    await lockContactMemory(tx, contact.id);
    const row = {
      value: input.value,
      source: "admin" as const,
      conversationId: null,
      updatedBy: userIdOf(ctx),
      updatedAt: sql`now()`,
    };
    await tx
      .insert(contactFacts)
      .values({ orgId, contactId: contact.id, key: input.key, ...row })
      .onConflictDoUpdate({
        target: [contactFacts.orgId, contactFacts.contactId, contactFacts.key],
        set: row,
      });
    await saveContactMemory(tx, contact.id);
    await recordAudit(tx, ctx, {
      action: "memory.fact_corrected",
      targetType: "contact",
      targetId: contact.id,
      metadata: { key: input.key },
    });
    return { key: input.key, value: input.value };
  });
}

/**
 * Forgets one fact. A later conversation may teach it again: this removes what is known, it does
 * not forbid learning it.
 */
export async function deleteFact(ctx: TenantContext, contactId: string, key: string) {
  requirePermission(ctx, "memory.write");
  const factKey = parseInput(factKeySchema, key);
  await withTenant(ctx, async (tx) => {
    const contact = await getLiveContactIn(tx, ctx, contactId);
    const orgId = ctx.org.id;
    await lockContactMemory(tx, contact.id);
    const deleted = await tx
      .delete(contactFacts)
      .where(
        and(
          eq(contactFacts.orgId, orgId),
          eq(contactFacts.contactId, contact.id),
          eq(contactFacts.key, factKey),
        ),
      )
      .returning({ key: contactFacts.key });
    if (deleted.length === 0) throw new NotFoundError("This fact");
    await saveContactMemory(tx, contact.id);
    await recordAudit(tx, ctx, {
      action: "memory.fact_deleted",
      targetType: "contact",
      targetId: contact.id,
      metadata: { key: factKey },
    });
  });
}

/**
 * Asks for a conversation to be summarised into its contact's memory now (the API's explicit
 * request): enqueued with `force`, so it runs whether or not the call has ended or the thread
 * gone quiet. Returns the pg-boss job id to follow.
 */
export async function requestSummary(
  ctx: TenantContext,
  conversationId: string,
): Promise<{ jobId: string }> {
  requirePermission(ctx, "memory.write");
  if (!idSchema.safeParse(conversationId).success) throw new NotFoundError("This conversation");
  return withTenant(ctx, async (tx) => {
    const [conversation] = await tx
      .select({ id: conversations.id, contactId: conversations.contactId })
      .from(conversations)
      .where(and(eq(conversations.orgId, ctx.org.id), eq(conversations.id, conversationId)));
    if (!conversation) throw new NotFoundError("This conversation");
    if (!conversation.contactId) {
      throw new ConflictError(
        "This conversation has no contact (the number was withheld), so there is no memory to update.",
      );
    }
    const jobId = await enqueueMemorySummary(tx, conversation.id, {
      singletonKey: `conversation:${conversation.id}:requested`,
      force: true,
    });
    if (!jobId) throw new Error("pg-boss did not create the summary job");
    return { jobId };
  });
}
