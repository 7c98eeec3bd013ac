import "server-only";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { apiKeys, orgs } from "@/db/schema";
import { API_KEY_PREFIX } from "@/lib/api-keys/service";
import { issueToken } from "@/lib/auth/tokens";
import { recordAudit } from "@/lib/audit/record";
import { systemContext } from "@/lib/context";
import { withSystem } from "@/lib/db/scopes";
import { NotFoundError } from "@/lib/errors";
import { parseInput } from "@/lib/parse-input";
import { writeInvitation } from "@/lib/tenancy/invitations";
import { slugify } from "@/lib/tenancy/sign-up";
import type { Operator } from "./actor";
import { recordPlatformAudit } from "./audit";
import { createOrgSchema, issueApiKeySchema } from "./schemas";

// Staff setting a customer up by hand (`npm run staff -- create-org | api-key`). Each verb writes
// the same rows as its self-service twin (sign-up + invitation, the API keys page) in one system
// transaction, with an entry in the org's audit log (actor "system", job "staff") that points at
// the platform audit entry naming the operator. Email verification (docs/adr/0010) gates what a
// member does in the org's name; it does not apply here: the operator is not a member and already
// holds the database's credentials. The owner still verifies their own address after signing up.

/** The org's audit entries name staff as a system actor; permissions are not used by these writes. */
const staffContext = (org: { id: string; name: string; slug: string }) =>
  systemContext("staff", org);

/**
 * A new org with no member yet, and an invitation for its owner: the owner signs up (or signs in)
 * through the link and becomes the org's owner. The link is returned once, and emailed.
 */
export async function createOrgWithOwnerInvitation(operator: Operator, input: unknown) {
  const { name, ownerEmail } = parseInput(createOrgSchema, input);
  return withSystem("staff creates an org", async (tx) => {
    const [org] = await tx
      .insert(orgs)
      .values({ name, slug: slugify(name) })
      .returning();
    if (!org) throw new Error("insert returned no row");
    const platformAuditId = await recordPlatformAudit(tx, operator, {
      action: "staff.org_created",
      targetType: "org",
      targetId: org.id,
    });
    const ctx = staffContext(org);
    await recordAudit(tx, ctx, {
      action: "org.created",
      targetType: "org",
      targetId: org.id,
      metadata: { platformAuditId },
    });
    const invitation = await writeInvitation(tx, ctx, {
      email: ownerEmail,
      role: "owner",
      invitedBy: null,
      inviterName: "The Luneo team",
    });
    return {
      orgId: org.id,
      slug: org.slug,
      ownerInvitationLink: invitation.link,
      invitationExpiresAt: invitation.expiresAt,
    };
  });
}

/**
 * An API key for an org, issued by staff: it answers to no member (lib/api-keys/authenticate.ts),
 * so removing someone does not revoke it; the org's admins see and revoke it on the API keys page.
 * The key is returned once; only its hash is stored.
 */
export async function issueApiKeyForOrg(operator: Operator, input: unknown) {
  const { orgId, name, scopes: requested } = parseInput(issueApiKeySchema, input);
  const scopes = [...new Set(requested)];
  return withSystem("staff issues an API key", async (tx) => {
    const [org] = await tx
      .select({ id: orgs.id, name: orgs.name, slug: orgs.slug })
      .from(orgs)
      .where(eq(orgs.id, orgId));
    if (!org) throw new NotFoundError(`The org ${orgId}`);
    const id = randomUUID();
    const { token, secretHash } = issueToken(API_KEY_PREFIX, org.id, id);
    await tx.insert(apiKeys).values({
      orgId: org.id,
      id,
      name,
      scopes,
      secretHash,
      lastFour: token.slice(-4),
      createdBy: null,
    });
    const platformAuditId = await recordPlatformAudit(tx, operator, {
      action: "staff.api_key_created",
      targetType: "api_key",
      targetId: id,
      metadata: { orgId: org.id, scopes },
    });
    await recordAudit(tx, staffContext(org), {
      action: "api_key.created",
      targetType: "api_key",
      targetId: id,
      metadata: { scopes, platformAuditId },
    });
    return { orgId: org.id, keyId: id, name, scopes, key: token };
  });
}
