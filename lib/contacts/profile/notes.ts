import "server-only";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { timelineEvents, users } from "@/db/schema";
import { requirePermission } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import { actorId, type TenantContext } from "@/lib/context";
import { withTenant, type TenantTx } from "@/lib/db/scopes";
import { parseInput } from "@/lib/parse-input";
import { getLiveContactIn } from "../queries";
import { noteSchema } from "./schemas";

/** The author's name as the note keeps it: a note stays signed after its author leaves the org. */
async function authorName(tx: TenantTx, ctx: TenantContext): Promise<string> {
  switch (ctx.actor.type) {
    case "user": {
      const [user] = await tx
        .select({ name: users.name })
        .from(users)
        .where(eq(users.id, ctx.actor.userId));
      return user?.name ?? "A teammate";
    }
    case "api_key":
      return "An API key";
    case "system":
      return "Luneo";
  }
}

/**
 * Adds a note to a contact's timeline. The audit entry names the contact and the note, never the
 * body (a note may hold anything a person typed).
 */
export async function addNote(
  ctx: TenantContext,
  contactId: string,
  body: string,
): Promise<{ id: string }> {
  requirePermission(ctx, "contacts.notes");
  const note = parseInput(noteSchema, { body });
  return withTenant(ctx, async (tx) => {
    await getLiveContactIn(tx, ctx, contactId);
    const [row] = await tx
      .insert(timelineEvents)
      .values({
        orgId: ctx.org.id,
        contactId,
        conversationId: null,
        kind: "note",
        occurredAt: new Date(),
        data: {
          body: note.body,
          authorId: actorId(ctx.actor),
          authorName: await authorName(tx, ctx),
        },
        dedupeKey: `note:${randomUUID()}`,
      })
      .returning({ id: timelineEvents.id });
    const id = row!.id;
    await recordAudit(tx, ctx, {
      action: "contact.note_added",
      targetType: "contact",
      targetId: contactId,
      metadata: { noteId: id },
    });
    return { id };
  });
}
