import "server-only";
import { sql } from "drizzle-orm";
import type postgres from "postgres";
import { drizzleTransactionOn, getDb, getSystemDb, type Transaction } from "@/db";
import type { TenantContext } from "@/lib/context";
import { log } from "@/lib/log";

// The three ways into the database. withTenant and withUser run on the pool that logs in as
// luneo_app, withSystem on its own pool logging in as luneo_system (docs/adr/0009), so a query on
// the tenant pool cannot become luneo_system, nor the owner, whatever SQL it runs. Each transaction
// still names its role first: that also holds when DATABASE_APP_URL logs in as a role that is only
// a member of luneo_app (see docs/adr/0002).

declare const tenantScope: unique symbol;

/**
 * A tenant transaction: Drizzle's transaction plus the org whose scope it runs in. Helpers read the
 * org from here (`tx.orgId`) instead of taking it beside the transaction, so the org they filter
 * and write with cannot disagree with the scope RLS applies (a mismatch would silently see nothing).
 * The brand makes withTenant (and tenantTxWithin, for a transaction already scoped to the org) the
 * only makers: a plain transaction or a cast-free object is refused.
 */
export type TenantTx = Transaction & { readonly orgId: string; readonly [tenantScope]: true };

/** Tenant work: only rows of `ctx.org` are visible, whatever the query forgets. */
export async function withTenant<T>(
  ctx: { org: Pick<TenantContext["org"], "id"> },
  work: (tx: TenantTx) => Promise<T>,
): Promise<T> {
  return getDb().transaction(async (tx) => {
    await tx.execute(
      sql`select set_config('role', 'luneo_app', true), set_config('app.org_id', ${ctx.org.id}, true)`,
    );
    // Drizzle makes a new transaction object per transaction: the org is fixed on it for its life.
    return work(Object.defineProperty(tx, "orgId", { value: ctx.org.id }) as TenantTx);
  });
}

const within = new WeakMap<postgres.TransactionSql, TenantTx>();

/**
 * The tenant transaction inside a postgres.js transaction already scoped to `orgId` (the webhook
 * path's: webhookTransaction sets the role and app.org_id as its first statement), so the tenant
 * helpers can run in it: answering a VAPI tool call then costs one transaction, not three. Made
 * once per transaction; savepoints (`.transaction()`) work in it, committing is the opener's.
 */
export function tenantTxWithin(scoped: postgres.TransactionSql & { readonly orgId: string }) {
  let tx = within.get(scoped);
  if (!tx) {
    tx = Object.defineProperty(drizzleTransactionOn(scoped), "orgId", {
      value: scoped.orgId,
    }) as TenantTx;
    within.set(scoped, tx);
  }
  return tx;
}

/**
 * `work` in a savepoint of `tx`, given the savepoint's own transaction to run its queries on: when
 * it fails, what it wrote is rolled back (and the error thrown again) and `tx` stays usable. It
 * must be the savepoint's transaction: postgres.js fails a transaction at its end when any query
 * sent on it failed, even one the caller caught, so a failing query sent on `tx` itself would doom
 * it. Drizzle's nested transaction is postgres.js's savepoint scope, which keeps the failure
 * inside (one round trip for `savepoint`; nothing to release, it ends with `tx`).
 */
export function inSavepoint<T>(tx: TenantTx, work: (inner: TenantTx) => Promise<T>): Promise<T> {
  return tx.transaction((inner) =>
    work(Object.defineProperty(inner, "orgId", { value: tx.orgId }) as TenantTx),
  );
}

/**
 * The org a write in `tx` is for, named by a context: helpers that also run in a system
 * transaction (an invitation written by staff provisioning, the audit entry) take the context, and
 * a tenant transaction's own org must be the context's. A mismatch is a bug that RLS would turn
 * into a refused write or, for a read, into silence: it is refused here, loudly.
 */
export function orgFor(tx: Transaction, ctx: { org: Pick<TenantContext["org"], "id"> }): string {
  const scoped = (tx as Partial<TenantTx>).orgId;
  if (scoped !== undefined && scoped !== ctx.org.id) {
    throw new Error("the context's org is not the org this tenant transaction is scoped to");
  }
  return ctx.org.id;
}

/** A signed-in user's own view before an org is chosen: their memberships and those orgs. */
export async function withUser<T>(
  userId: string,
  work: (tx: Transaction) => Promise<T>,
): Promise<T> {
  return getDb().transaction(async (tx) => {
    await tx.execute(
      sql`select set_config('role', 'luneo_app', true), set_config('app.user_id', ${userId}, true)`,
    );
    return work(tx);
  });
}

/**
 * The one explicit path across tenants (sign-up, sign-in lookup, invitation acceptance, rate
 * limits, jobs that find their org first). Every use names its reason and is logged. Webhooks do
 * not come this way: their URL carries the org (lib/channels/endpoint-id.ts), so the receiver works
 * inside that org's tenant transaction from its first query.
 */
export async function withSystem<T>(
  reason: string,
  work: (tx: Transaction) => Promise<T>,
): Promise<T> {
  log.info({ reason, scope: "system" }, "cross-tenant database access");
  return getSystemDb().transaction(async (tx) => {
    await tx.execute(sql`select set_config('role', 'luneo_system', true)`);
    return work(tx);
  });
}
