import "server-only";
import { randomUUID } from "node:crypto";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { apiKeys, memberships, users } from "@/db/schema";
import { requireVerifiedEmail } from "@/lib/auth/email-verification";
import { requirePermission } from "@/lib/auth/permissions";
import { issueToken } from "@/lib/auth/tokens";
import { recordAudit } from "@/lib/audit/record";
import type { TenantContext } from "@/lib/context";
import { withTenant } from "@/lib/db/scopes";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import type { CreateApiKeyInput } from "./scopes";

export const API_KEY_PREFIX = "luneo";

/** The full key is returned once, here; only its hash is stored. */
export async function createApiKey(ctx: TenantContext, input: CreateApiKeyInput) {
  requirePermission(ctx, "api_keys.write");
  if (ctx.actor.type !== "user") throw new ForbiddenError("Only a person can create API keys.");
  const createdBy = ctx.actor.userId;
  const id = randomUUID();
  const { token, secretHash } = issueToken(API_KEY_PREFIX, ctx.org.id, id);
  const scopes = [...new Set(input.scopes)];
  await withTenant(ctx, async (tx) => {
    await requireVerifiedEmail(tx, ctx, "creating API keys");
    await tx.insert(apiKeys).values({
      orgId: ctx.org.id,
      id,
      name: input.name,
      scopes,
      secretHash,
      lastFour: token.slice(-4),
      createdBy,
    });
    await recordAudit(tx, ctx, {
      action: "api_key.created",
      targetType: "api_key",
      targetId: id,
      metadata: { scopes },
    });
  });
  return { id, token };
}

export async function revokeApiKey(ctx: TenantContext, keyId: string) {
  requirePermission(ctx, "api_keys.write");
  await withTenant(ctx, async (tx) => {
    const updated = await tx
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiKeys.orgId, ctx.org.id), eq(apiKeys.id, keyId), isNull(apiKeys.revokedAt)))
      .returning({ id: apiKeys.id });
    if (updated.length === 0) throw new NotFoundError("This API key");
    await recordAudit(tx, ctx, {
      action: "api_key.revoked",
      targetType: "api_key",
      targetId: keyId,
    });
  });
}

const creator = alias(users, "creator");
const holder = alias(users, "holder");

/**
 * Every key with who made it, joined from `users` (not memberships), so a creator who has left
 * the org is still named; `creatorIsMember` says whether they still belong to it. A key handed over
 * at its creator's removal also names who holds it now.
 */
export async function listApiKeys(ctx: TenantContext) {
  requirePermission(ctx, "api_keys.read");
  return withTenant(ctx, (tx) =>
    tx
      .select({
        id: apiKeys.id,
        name: apiKeys.name,
        scopes: apiKeys.scopes,
        lastFour: apiKeys.lastFour,
        createdAt: apiKeys.createdAt,
        createdByName: creator.name,
        createdByEmail: creator.email,
        // Issued by staff (`npm run staff -- api-key`): no creator to name.
        issuedByStaff: sql<boolean>`${apiKeys.createdBy} is null`,
        creatorIsMember: sql<boolean>`exists (select 1 from ${memberships} m where m.org_id = ${apiKeys.orgId} and m.user_id = ${apiKeys.createdBy})`,
        handedOverToName: holder.name,
        lastUsedAt: apiKeys.lastUsedAt,
        revokedAt: apiKeys.revokedAt,
      })
      .from(apiKeys)
      .leftJoin(creator, eq(creator.id, apiKeys.createdBy))
      .leftJoin(holder, eq(holder.id, apiKeys.handedOverTo))
      .where(eq(apiKeys.orgId, ctx.org.id))
      .orderBy(desc(apiKeys.createdAt)),
  );
}
