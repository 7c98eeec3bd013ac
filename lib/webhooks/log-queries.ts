import "server-only";
import { and, count, desc, eq, ilike, lt, or, sql } from "drizzle-orm";
import { webhookEvents, WEBHOOK_EVENT_STATUSES, type WebhookEventStatus } from "@/db/schema";
import { requirePermission } from "@/lib/auth/permissions";
import type { TenantContext } from "@/lib/context";
import { withTenant } from "@/lib/db/scopes";
import { NotFoundError } from "@/lib/errors";
import { decodeCursor, encodeCursor } from "@/lib/pagination";
import { presentPayload } from "./mask";

export type WebhookLogFilter = {
  provider?: "twilio" | "vapi";
  status?: WebhookEventStatus;
  search?: string;
  cursor?: string | null;
};

const PAGE_SIZE = 50;

export async function listWebhookEvents(ctx: TenantContext, filter: WebhookLogFilter) {
  requirePermission(ctx, "webhooks.read");
  const after = decodeCursor(filter.cursor);
  // What the person typed is matched literally: % and _ are not wildcards here.
  const search = filter.search?.trim().replace(/[\\%_]/g, "\\$&");
  return withTenant(ctx, async (tx) => {
    const rows = await tx
      .select({
        id: webhookEvents.id,
        provider: webhookEvents.provider,
        kind: webhookEvents.kind,
        eventKey: webhookEvents.eventKey,
        status: webhookEvents.status,
        attempts: webhookEvents.attempts,
        rejectReason: webhookEvents.rejectReason,
        lastError: webhookEvents.lastError,
        receivedAt: webhookEvents.receivedAt,
        isTest: webhookEvents.isTest,
      })
      .from(webhookEvents)
      .where(
        and(
          eq(webhookEvents.orgId, ctx.org.id),
          filter.provider ? eq(webhookEvents.provider, filter.provider) : undefined,
          filter.status ? eq(webhookEvents.status, filter.status) : undefined,
          search
            ? or(
                ilike(webhookEvents.kind, `%${search}%`),
                ilike(webhookEvents.eventKey, `%${search}%`),
              )
            : undefined,
          after
            ? or(
                lt(webhookEvents.receivedAt, after.at),
                and(eq(webhookEvents.receivedAt, after.at), lt(webhookEvents.id, after.id)),
              )
            : undefined,
        ),
      )
      .orderBy(desc(webhookEvents.receivedAt), desc(webhookEvents.id))
      .limit(PAGE_SIZE + 1);
    const page = rows.slice(0, PAGE_SIZE);
    const last = page.at(-1);
    return {
      rows: page,
      nextCursor:
        rows.length > PAGE_SIZE && last ? encodeCursor({ at: last.receivedAt, id: last.id }) : null,
    };
  });
}

/** Events per status over the last 24 hours, for the counters at the top of the log. */
export async function countWebhookEvents(ctx: TenantContext) {
  requirePermission(ctx, "webhooks.read");
  const rows = await withTenant(ctx, (tx) =>
    tx
      .select({ status: webhookEvents.status, n: count() })
      .from(webhookEvents)
      .where(
        and(
          eq(webhookEvents.orgId, ctx.org.id),
          sql`${webhookEvents.receivedAt} > now() - interval '24 hours'`,
        ),
      )
      .groupBy(webhookEvents.status),
  );
  return Object.fromEntries(
    WEBHOOK_EVENT_STATUSES.map((s) => [s, rows.find((r) => r.status === s)?.n ?? 0]),
  ) as Record<WebhookEventStatus, number>;
}

export async function getWebhookEvent(ctx: TenantContext, id: string) {
  requirePermission(ctx, "webhooks.read");
  const [row] = await withTenant(ctx, (tx) =>
    tx
      .select()
      .from(webhookEvents)
      .where(and(eq(webhookEvents.orgId, ctx.org.id), eq(webhookEvents.id, id))),
  );
  if (!row) throw new NotFoundError("This event");
  // The exact bytes (kept only when they are not the text) stay in the inbox: the page shows the
  // text, and a Buffer cannot reach client components.
  const { rawBody, rawBytes, ...rest } = row;
  return {
    ...rest,
    payload: presentPayload(rawBody, row.provider),
    sizeBytes: rawBytes?.byteLength ?? Buffer.byteLength(rawBody),
  };
}
