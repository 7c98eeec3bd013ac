import "server-only";
import { and, desc, eq, lt, or, sql } from "drizzle-orm";
import { auditLog, users } from "@/db/schema";
import { requirePermission } from "@/lib/auth/permissions";
import type { TenantContext } from "@/lib/context";
import { withTenant } from "@/lib/db/scopes";
import { decodeCursor, encodeCursor } from "@/lib/pagination";

export type AuditRow = {
  id: string;
  action: string;
  actorType: string;
  actorId: string | null;
  actorName: string | null;
  targetType: string | null;
  targetId: string | null;
  metadata: Record<string, unknown>;
  createdAt: Date;
};

export async function listAuditLog(
  ctx: TenantContext,
  opts: { cursor?: string | null; limit?: number } = {},
): Promise<{ rows: AuditRow[]; nextCursor: string | null }> {
  requirePermission(ctx, "audit.read");
  const limit = opts.limit ?? 50;
  const after = decodeCursor(opts.cursor);
  return withTenant(ctx, async (tx) => {
    const rows = await tx
      .select({
        id: auditLog.id,
        action: auditLog.action,
        actorType: auditLog.actorType,
        actorId: auditLog.actorId,
        actorName: users.name,
        targetType: auditLog.targetType,
        targetId: auditLog.targetId,
        metadata: auditLog.metadata,
        createdAt: auditLog.createdAt,
      })
      .from(auditLog)
      // actor_id is text (it may be a key id or a job name); only user actors join to a name.
      .leftJoin(
        users,
        and(eq(auditLog.actorType, "user"), sql`${users.id}::text = ${auditLog.actorId}`),
      )
      .where(
        and(
          eq(auditLog.orgId, ctx.org.id),
          after
            ? or(
                lt(auditLog.createdAt, after.at),
                and(eq(auditLog.createdAt, after.at), lt(auditLog.id, after.id)),
              )
            : undefined,
        ),
      )
      .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
      .limit(limit + 1);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      rows: page,
      nextCursor:
        rows.length > limit && last ? encodeCursor({ at: last.createdAt, id: last.id }) : null,
    };
  });
}
