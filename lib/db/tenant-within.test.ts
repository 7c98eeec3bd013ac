import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getWebhookSql } from "@/db";
import { auditLog, orgs } from "@/db/schema";
import { attempt } from "@/lib/agent-actions/execution-steps";
import { recordAudit } from "@/lib/audit/record";
import { isFeatureEnabled } from "@/lib/flags/evaluate";
import { FLAGS } from "@/lib/flags/registry";
import { webhookTransaction } from "@/lib/webhooks/inbox-store";
import { setupFreshDatabase } from "@/test/db";
import { createOwner, type TestOwner } from "@/test/factories";
import { inSavepoint, tenantTxWithin, withTenant } from "./scopes";

await setupFreshDatabase();

// The webhook path answers a VAPI tool call in the transaction that stores its event: the tenant
// helpers (Drizzle) run inside the postgres.js transaction through tenantTxWithin.

let a: TestOwner;
let b: TestOwner;
beforeAll(async () => {
  [a, b] = await Promise.all([createOwner(), createOwner()]);
});

const audited = (owner: TestOwner, action: string) =>
  withTenant(owner.ctx, (tx) => tx.select().from(auditLog).where(eq(auditLog.action, action)));
const txid = "select txid_current()::text as id";

describe("a tenant transaction within the webhook's transaction", () => {
  it("is the same transaction, scoped to the same org, and sees only that org", async () => {
    const seen = await webhookTransaction(getWebhookSql(), a.orgId, async (tx) => {
      const within = tenantTxWithin(tx);
      const [outer] = await tx.unsafe<{ id: string }[]>(txid);
      const [inner] = (await within.execute(sql.raw(txid))) as unknown as { id: string }[];
      const visible = await within.select({ id: orgs.id }).from(orgs);
      return {
        same: outer!.id === inner!.id,
        orgId: within.orgId,
        visible,
        once: tenantTxWithin(tx) === within,
      };
    });
    expect(seen).toEqual({ same: true, orgId: a.orgId, visible: [{ id: a.orgId }], once: true });
  });

  it("commits and rolls back with the webhook's transaction", async () => {
    await webhookTransaction(getWebhookSql(), a.orgId, (tx) =>
      recordAudit(tenantTxWithin(tx), a.ctx, {
        action: "test.within.kept",
        targetType: "org",
        targetId: a.orgId,
      }),
    );
    const failed = webhookTransaction(getWebhookSql(), a.orgId, async (tx) => {
      await recordAudit(tenantTxWithin(tx), a.ctx, {
        action: "test.within.lost",
        targetType: "org",
        targetId: a.orgId,
      });
      throw new Error("the webhook's work failed");
    });
    await expect(failed).rejects.toThrow("the webhook's work failed");
    expect(await audited(a, "test.within.kept")).toHaveLength(1);
    expect(await audited(a, "test.within.lost")).toHaveLength(0);
  });

  it("keeps the transaction usable when work in a savepoint fails", async () => {
    const result = await webhookTransaction(getWebhookSql(), a.orgId, async (tx) => {
      const within = tenantTxWithin(tx);
      const failing = inSavepoint(within, async (inner) => {
        await recordAudit(inner, a.ctx, {
          action: "test.savepoint.undone",
          targetType: "org",
          targetId: a.orgId,
        });
        await inner.execute(sql`select 1 / 0`);
      });
      await expect(failing).rejects.toThrow();
      await recordAudit(within, a.ctx, {
        action: "test.savepoint.after",
        targetType: "org",
        targetId: a.orgId,
      });
      return "committed";
    });
    expect(result).toBe("committed");
    expect(await audited(a, "test.savepoint.undone")).toHaveLength(0);
    expect(await audited(a, "test.savepoint.after")).toHaveLength(1);
  });

  it("reads feature flags in it, and refuses a flag read for another org", async () => {
    const key = FLAGS.actions.key;
    const outside = await isFeatureEnabled(a.orgId, key);
    const inside = await webhookTransaction(getWebhookSql(), a.orgId, (tx) =>
      isFeatureEnabled(a.orgId, key, tenantTxWithin(tx)),
    );
    expect(inside).toBe(outside);
    const mismatch = webhookTransaction(getWebhookSql(), a.orgId, (tx) =>
      isFeatureEnabled(b.orgId, key, tenantTxWithin(tx)),
    );
    await expect(mismatch).rejects.toThrow(/not the org this tenant transaction is scoped to/);
  });

  it("lets an executor's failing query come back as words, the journal's transaction intact", async () => {
    // attempt() (lib/agent-actions/execution-steps.ts) runs executors in such a savepoint: a query
    // of theirs that fails used to doom the whole execution, journal entry included.
    const committed = await withTenant(b.ctx, async (tx) => {
      const tried = await attempt(tx, async (inner) => {
        await recordAudit(inner, b.ctx, {
          action: "test.executor.undone",
          targetType: "org",
          targetId: b.orgId,
        });
        await inner.execute(sql`select 1 / 0`);
        throw new Error("unreachable");
      });
      await recordAudit(tx, b.ctx, {
        action: "test.executor.journal",
        targetType: "org",
        targetId: b.orgId,
      });
      return tried;
    });
    expect(committed).toEqual({
      ok: false,
      error: "Something went wrong on our side; the team has been told.",
    });
    expect(await audited(b, "test.executor.undone")).toHaveLength(0);
    expect(await audited(b, "test.executor.journal")).toHaveLength(1);
  });
});
