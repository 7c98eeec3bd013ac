import { readdirSync, readFileSync } from "node:fs";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { contactMemory, conversations } from "@/db/schema";
import { withTenant } from "@/lib/db/scopes";
import { ownerSql, setupFreshDatabase } from "@/test/db";
import { createOwner, type TestOwner } from "@/test/factories";
import { insertContact, insertConversation } from "@/test/fixtures/memory";

// The drop-wordless-summaries-from-memory migration cleans what the old offline summariser stored for calls without words.

await setupFreshDatabase();
let a: TestOwner;
beforeAll(async () => {
  a = await createOwner();
});

const WORDLESS = "A call with no recorded words from the caller.";

describe("the drop-wordless-summaries migration: wordless summaries leave memory", () => {
  it("drops the repeated sentence from conversations, the rolling summary and the agent brief", async () => {
    const contactId = await insertContact(a.ctx);
    const silent = await insertConversation(a.ctx, { contactId, summary: WORDLESS });
    const spoken = await insertConversation(a.ctx, { contactId, summary: "Booked a viewing." });
    const rolling = `16 Nov (call): ${WORDLESS} 15 Nov (call): Booked a viewing. 4 Sept (call): ${WORDLESS}`;
    await withTenant(a.ctx, async (tx) => {
      await tx
        .update(conversations)
        .set({ summarySource: "offline" })
        .where(eq(conversations.orgId, a.orgId));
      await tx.insert(contactMemory).values({
        orgId: a.orgId,
        contactId,
        summary: rolling,
        agentBrief: { customerName: "", customerSummary: rolling },
      });
    });

    const file = readdirSync("db/migrations").find((f) =>
      f.endsWith("_drop-wordless-summaries-from-memory.sql"),
    );
    const sql = readFileSync(`db/migrations/${file}`, "utf8");
    for (const statement of sql.split("--> statement-breakpoint")) {
      await ownerSql().unsafe(statement);
    }

    const [memory] = await withTenant(a.ctx, (tx) =>
      tx.select().from(contactMemory).where(eq(contactMemory.contactId, contactId)),
    );
    expect(memory!.summary).toBe("15 Nov (call): Booked a viewing.");
    expect(memory!.agentBrief).toEqual({
      customerName: "",
      customerSummary: "15 Nov (call): Booked a viewing.",
    });
    const rows = await withTenant(a.ctx, (tx) =>
      tx
        .select({ id: conversations.id, summary: conversations.summary })
        .from(conversations)
        .where(eq(conversations.orgId, a.orgId)),
    );
    expect(rows.find((r) => r.id === silent)!.summary).toBeNull();
    expect(rows.find((r) => r.id === spoken)!.summary).toBe("Booked a viewing.");
  });
});
