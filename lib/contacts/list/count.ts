import "server-only";
import { and, sql } from "drizzle-orm";
import { contacts } from "@/db/schema";
import { requirePermission } from "@/lib/auth/permissions";
import type { TenantContext } from "@/lib/context";
import { withTenant } from "@/lib/db/scopes";
import type { ContactFilter } from "../filters";
import { filterConditions, orgCountry } from "../queries";

// "N contacts" above the list, for the list's current filter (the same conditions as the list).
// Counting is exact up to EXACT_COUNT_LIMIT: the count stops reading there (a LIMIT in a
// subquery), so its cost is bounded whatever the org's size. Past it the number is the planner's
// estimate for the same query (EXPLAIN, reads no rows), rounded and shown as "about": at that size
// nobody needs the last unit, and an exact count of 100,000 rows is the slowest read of the page.
// A count never holds the page up: past COUNT_BUDGET_MS (statement_timeout) there is no count
// (null) and the list shows without it. A search by name is the case that needs it: under
// row-level security its LIKE cannot use the trigram index (not leakproof), so counting its
// matches reads the org's rows (about 250 ms at 100,000 contacts on the bench machine).

export const EXACT_COUNT_LIMIT = 10_000;
export const COUNT_BUDGET_MS = 200;

const canceled = (error: unknown): boolean => {
  const e = error as { code?: string; cause?: { code?: string } } | null;
  return e?.code === "57014" || e?.cause?.code === "57014";
};

export type ContactCount = { value: number; exact: boolean };

/** Two significant digits: 123,456 → 120,000. */
export const roundEstimate = (n: number) => {
  const step = 10 ** Math.max(0, Math.floor(Math.log10(Math.max(n, 1))) - 1);
  return Math.round(n / step) * step;
};

export async function countContacts(
  ctx: TenantContext,
  filter: ContactFilter,
  opts: { exactUpTo?: number } = {},
): Promise<ContactCount | null> {
  requirePermission(ctx, "contacts.read");
  const limit = opts.exactUpTo ?? EXACT_COUNT_LIMIT;
  return countIn(ctx, filter, limit).catch((error: unknown) => {
    if (canceled(error)) return null;
    throw error;
  });
}

function countIn(ctx: TenantContext, filter: ContactFilter, limit: number) {
  return withTenant(ctx, async (tx): Promise<ContactCount> => {
    await tx.execute(sql`select set_config('statement_timeout', ${String(COUNT_BUDGET_MS)}, true)`);
    const where = and(...filterConditions(tx, filter, await orgCountry(tx)));
    const capped = tx
      .select({ one: sql`1` })
      .from(contacts)
      .where(where)
      .limit(limit + 1)
      .as("capped");
    const [row] = await tx.select({ n: sql<number>`count(*)::int` }).from(capped);
    const n = row?.n ?? 0;
    if (n <= limit) return { value: n, exact: true };
    const plan = await tx.execute<{ "QUERY PLAN": Array<{ Plan: { "Plan Rows": number } }> }>(
      sql`explain (format json) ${tx.select({ id: contacts.id }).from(contacts).where(where)}`,
    );
    const estimate = plan[0]?.["QUERY PLAN"][0]?.Plan["Plan Rows"] ?? 0;
    // The estimate may undershoot: never show fewer than were just counted.
    return { value: roundEstimate(Math.max(estimate, limit + 1)), exact: false };
  });
}

/** "1 contact", "2,345 contacts", "about 120,000 contacts". */
export function contactCountLabel(count: ContactCount): string {
  const n = count.value.toLocaleString("en-US");
  const noun = count.value === 1 ? "contact" : "contacts";
  return count.exact ? `${n} ${noun}` : `about ${n} ${noun}`;
}
