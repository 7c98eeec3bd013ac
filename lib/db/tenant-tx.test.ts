import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getWebhookSql, type Transaction } from "@/db";
import { auditLog, outboxMessages } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { orgCountry } from "@/lib/contacts/queries";
import { putTimelineEvent } from "@/lib/ingest/records";
import { queueOrgMail } from "@/lib/mail/outbox";
import { lockContactMemory } from "@/lib/memory/memory-store";
import { loadAgentConfig, webhookTransaction, type WebhookTx } from "@/lib/webhooks/inbox-store";
import { setupFreshDatabase } from "@/test/db";
import { createOwner, type TestOwner } from "@/test/factories";
import { orgFor, withSystem, withTenant, type TenantTx } from "./scopes";

await setupFreshDatabase();

// A tenant transaction carries its org (docs/adr/0002): helpers read it from the transaction, so
// the org they filter on cannot differ from the scope RLS applies. Before, `(tx, orgId)` helpers
// took both, and a mismatched org silently read nothing.

let a: TestOwner;
let b: TestOwner;

beforeAll(async () => {
  [a, b] = await Promise.all([createOwner(), createOwner()]);
});

describe("a tenant transaction", () => {
  it("carries the org of its scope, read-only, the same org RLS is set to", async () => {
    const seen = await withTenant(a.ctx, async (tx) => {
      const [row] = (await tx.execute<{ org: string }>(
        sql`select current_setting('app.org_id') as org`,
      )) as unknown as [{ org: string }];
      return { carried: tx.orgId, scoped: row.org, overwritten: Reflect.set(tx, "orgId", b.orgId) };
    });
    expect(seen).toEqual({ carried: a.orgId, scoped: a.orgId, overwritten: false });
  });

  it("cannot be given another org, nor be replaced by a plain transaction (type-level)", () => {
    // Never run: these lines are checked by tsc (`npm run typecheck`); each @ts-expect-error
    // fails the type check the day the mistake it shows compiles again.
    const mistakes = async (tx: TenantTx, plain: Transaction, webhookPlain: WebhookTx) => {
      // @ts-expect-error the org is the transaction's: a raw string org can no longer be passed
      await orgCountry(tx, b.orgId);
      // @ts-expect-error the org is the transaction's: a raw string org can no longer be passed
      await lockContactMemory(tx, b.orgId, randomUUID());
      // @ts-expect-error a plain Drizzle transaction (a system one, say) is not a tenant one
      await putTimelineEvent(plain, {
        contactId: null,
        conversationId: null,
        kind: "k",
        occurredAt: new Date(),
        data: {},
        dedupeKey: "k",
      });
      // @ts-expect-error only withTenant makes a tenant transaction: adding an orgId is not enough
      const forged: TenantTx = Object.assign(plain, { orgId: a.orgId });
      // @ts-expect-error the webhook path's helpers read the org from their transaction too
      await loadAgentConfig(webhookPlain, b.orgId);
      return forged;
    };
    expect(typeof mistakes).toBe("function");
  });

  it("refuses a context of another org in a helper that takes one, and writes nothing", async () => {
    const before = await withTenant(a.ctx, (tx) => tx.select().from(auditLog));
    const audit = withTenant(a.ctx, (tx) =>
      recordAudit(tx, b.ctx, { action: "test.mismatch", targetType: "org", targetId: b.orgId }),
    );
    await expect(audit).rejects.toThrow(/not the org this tenant transaction is scoped to/);
    const mail = withTenant(a.ctx, (tx) =>
      queueOrgMail(tx, b.ctx, { kind: "invitation", to: "x@example.com", subject: "S", body: "B" }),
    );
    await expect(mail).rejects.toThrow(/not the org this tenant transaction is scoped to/);

    expect(await withTenant(a.ctx, (tx) => tx.select().from(auditLog))).toHaveLength(before.length);
    expect(await withTenant(b.ctx, (tx) => tx.select().from(outboxMessages))).toHaveLength(0);
    expect(
      await withTenant(b.ctx, (tx) =>
        tx.select().from(auditLog).where(eq(auditLog.action, "test.mismatch")),
      ),
    ).toHaveLength(0);
  });

  it("lets the context name the org in a system transaction (no scope to disagree with)", async () => {
    const tenant = await withTenant(a.ctx, async (tx) => orgFor(tx, a.ctx));
    const system = await withSystem("tenant-tx test", async (tx) => orgFor(tx, b.ctx));
    expect({ tenant, system }).toEqual({ tenant: a.orgId, system: b.orgId });
  });
});

describe("the webhook path's transaction", () => {
  it("carries the org of its scope, the same org RLS is set to", async () => {
    const seen = await webhookTransaction(getWebhookSql(), b.orgId, async (tx) => {
      const [row] = await tx<{ org: string }[]>`select current_setting('app.org_id') as org`;
      return { carried: tx.orgId, scoped: row!.org };
    });
    expect(seen).toEqual({ carried: b.orgId, scoped: b.orgId });
  });
});
