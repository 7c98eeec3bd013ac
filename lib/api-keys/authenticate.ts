import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { apiKeys, memberships, orgs } from "@/db/schema";
import { parseToken, secretMatches } from "@/lib/auth/tokens";
import type { TenantContext } from "@/lib/context";
import { withTenant } from "@/lib/db/scopes";
import { AppError } from "@/lib/errors";
import { countApiRequest } from "./rate-limit";
import { API_KEY_PREFIX } from "./service";
import { grantsScope, permissionsOfScopes, type ApiScope } from "./scopes";

const INVALID =
  "The API key is missing, invalid or revoked. Send it as `Authorization: Bearer luneo_…`.";

/**
 * Authenticates `Authorization: Bearer <key>` and returns the key's tenant context. The key names
 * its org, so the lookup runs inside that org's own tenant transaction: a key can never reach
 * another org's rows. Each authenticated request counts against the key's rate limit
 * (./rate-limit.ts), which adds its headers to the answer or refuses with 429.
 */
export async function authenticateApiKey(
  authorization: string | null,
  requiredScope: ApiScope,
): Promise<TenantContext> {
  const token = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  const parsed = token ? parseToken(API_KEY_PREFIX, token) : null;
  if (!parsed) throw new AppError("UNAUTHORIZED", INVALID);
  const org = { id: parsed.orgId, name: "", slug: "" };
  const found = await withTenant({ org }, async (tx) => {
    // A key works only while the person who answers for it (its creator, or whoever it was handed
    // over to) is a member of its org: removal revokes their keys, and this join also stops any key
    // whose holder left by another path (or before removals revoked keys). A key issued by staff
    // (no creator, lib/staff/provisioning.ts) answers to no member. Primary-key lookup.
    const [row] = await tx
      .select({
        key: apiKeys,
        org: orgs,
        holderIsMember: sql<boolean>`${memberships.userId} is not null`,
      })
      .from(apiKeys)
      .innerJoin(orgs, eq(orgs.id, apiKeys.orgId))
      .leftJoin(
        memberships,
        and(
          eq(memberships.orgId, apiKeys.orgId),
          eq(memberships.userId, sql`coalesce(${apiKeys.handedOverTo}, ${apiKeys.createdBy})`),
        ),
      )
      .where(and(eq(apiKeys.orgId, parsed.orgId), eq(apiKeys.id, parsed.id)));
    const issuedByStaff = row?.key.createdBy === null && row.key.handedOverTo === null;
    if (!row || !(row.holderIsMember || issuedByStaff)) return null;
    if (row.key.revokedAt || !secretMatches(parsed.secret, row.key.secretHash)) return null;
    // Coarse "last used" (once a minute at most) so a busy key does not rewrite its row every request.
    await tx
      .update(apiKeys)
      .set({ lastUsedAt: sql`now()` })
      .where(
        and(
          eq(apiKeys.orgId, parsed.orgId),
          eq(apiKeys.id, parsed.id),
          sql`(${apiKeys.lastUsedAt} is null or ${apiKeys.lastUsedAt} < now() - interval '1 minute')`,
        ),
      );
    return row;
  });
  if (!found) throw new AppError("UNAUTHORIZED", INVALID);
  // Once per request, for every /api/v1 route: they all authenticate here.
  await countApiRequest(found.key.id);
  if (!grantsScope(found.key.scopes, requiredScope)) {
    throw new AppError("FORBIDDEN", `This API key lacks the scope "${requiredScope}".`);
  }
  return {
    org: { id: found.org.id, name: found.org.name, slug: found.org.slug },
    actor: {
      type: "api_key",
      keyId: found.key.id,
      scopes: found.key.scopes,
      permissions: permissionsOfScopes(found.key.scopes),
    },
  };
}
