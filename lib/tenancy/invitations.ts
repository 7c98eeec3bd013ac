import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Transaction } from "@/db";
import { invitations, memberships, orgs, users, type OrgRole } from "@/db/schema";
import { queueVerificationEmail, requireVerifiedEmail } from "@/lib/auth/email-verification";
import { hashPassword } from "@/lib/auth/password";
import { INVITABLE_ROLES, requirePermission } from "@/lib/auth/permissions";
import { issueToken, parseToken, secretMatches } from "@/lib/auth/tokens";
import { recordAudit } from "@/lib/audit/record";
import type { TenantContext } from "@/lib/context";
import { orgFor, withSystem, withTenant } from "@/lib/db/scopes";
import { AppError, ForbiddenError, NotFoundError } from "@/lib/errors";
import { appLink } from "@/lib/mail/links";
import { queueOrgMail } from "@/lib/mail/outbox";
import { invitationMail } from "@/lib/mail/templates";
import type { InviteInput } from "./schemas";
import { memberContext } from "./context";
import { EmailTakenError, isUniqueViolation } from "./sign-up";

const TOKEN_PREFIX = "inv";
const INVITATION_TTL_DAYS = 7;

/** Returns the invitation link's token: shown once to the inviter, only its hash is stored. */
export async function createInvitation(ctx: TenantContext, input: InviteInput) {
  requirePermission(ctx, "members.invite");
  if (ctx.actor.type !== "user") throw new ForbiddenError();
  if (!INVITABLE_ROLES[ctx.actor.role].includes(input.role)) {
    throw new ForbiddenError(`Your role cannot invite someone as ${input.role}.`);
  }
  const actor = ctx.actor;
  const email = input.email.trim().toLowerCase();
  return withTenant(ctx, async (tx) => {
    await requireVerifiedEmail(tx, ctx, "inviting teammates");
    const alreadyMember = await tx
      .select({ userId: memberships.userId })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.orgId, ctx.org.id), sql`lower(${users.email}) = ${email}`));
    if (alreadyMember.length > 0) {
      throw new AppError("CONFLICT", "This person is already a member.", {
        email: ["This person is already a member of your organisation."],
      });
    }
    const [inviter] = await tx
      .select({ name: users.name })
      .from(users)
      .where(eq(users.id, actor.userId));
    return writeInvitation(tx, ctx, {
      email,
      role: input.role,
      invitedBy: actor.userId,
      inviterName: inviter?.name ?? "A teammate",
    });
  });
}

/**
 * The invitation row, its audit entry and its email, in the caller's transaction (a tenant one, or
 * staff provisioning's system one). `invitedBy` null: issued by staff, see loadOpenInvitation.
 */
export async function writeInvitation(
  tx: Transaction,
  ctx: TenantContext,
  invite: { email: string; role: OrgRole; invitedBy: string | null; inviterName: string },
) {
  const orgId = orgFor(tx, ctx);
  const id = randomUUID();
  const { token, secretHash } = issueToken(TOKEN_PREFIX, orgId, id);
  const expiresAt = new Date(Date.now() + INVITATION_TTL_DAYS * 86_400_000);
  const link = appLink(`/invite/${token}`);
  await tx.insert(invitations).values({
    orgId,
    id,
    email: invite.email,
    role: invite.role,
    secretHash,
    invitedBy: invite.invitedBy,
    expiresAt,
  });
  await recordAudit(tx, ctx, {
    action: "member.invited",
    targetType: "invitation",
    targetId: id,
    metadata: { role: invite.role },
  });
  // The email goes with the invitation (same transaction); the link is also returned to copy.
  await queueOrgMail(
    tx,
    ctx,
    invitationMail({
      to: invite.email,
      orgName: ctx.org.name,
      inviterName: invite.inviterName,
      role: invite.role,
      link,
      expiresAt,
    }),
  );
  return { id, token, link, expiresAt };
}

export async function revokeInvitation(ctx: TenantContext, invitationId: string) {
  requirePermission(ctx, "members.invite");
  await withTenant(ctx, async (tx) => {
    const updated = await tx
      .update(invitations)
      .set({ revokedAt: new Date() })
      .where(
        and(
          eq(invitations.orgId, ctx.org.id),
          eq(invitations.id, invitationId),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
        ),
      )
      .returning({ id: invitations.id });
    if (updated.length === 0) throw new NotFoundError("This invitation");
    await recordAudit(tx, ctx, {
      action: "member.invitation_revoked",
      targetType: "invitation",
      targetId: invitationId,
    });
  });
}

export type OpenInvitation = {
  id: string;
  orgId: string;
  orgName: string;
  email: string;
  role: OrgRole;
};

class InvalidInvitationError extends AppError {
  constructor() {
    super(
      "NOT_FOUND",
      "This invitation link is invalid, expired or already used. Ask for a new one.",
    );
  }
}

// Accepting crosses tenants by nature (the invitee is not yet a member), so it runs on the system
// path — but only for the org and row named inside the token, after the secret has been checked.
async function loadOpenInvitation(tx: Transaction, token: string): Promise<OpenInvitation> {
  const parsed = parseToken(TOKEN_PREFIX, token);
  if (!parsed) throw new InvalidInvitationError();
  const [row] = await tx
    .select({
      id: invitations.id,
      orgId: invitations.orgId,
      orgName: orgs.name,
      email: invitations.email,
      role: invitations.role,
      secretHash: invitations.secretHash,
      expiresAt: invitations.expiresAt,
      acceptedAt: invitations.acceptedAt,
      revokedAt: invitations.revokedAt,
      invitedBy: invitations.invitedBy,
      inviterMembership: memberships.userId,
    })
    .from(invitations)
    .innerJoin(orgs, eq(orgs.id, invitations.orgId))
    // An invitation speaks for its inviter: once they have left the org it cannot be used (their
    // removal revokes it or hands it over; this also covers any older one still open).
    .leftJoin(
      memberships,
      and(eq(memberships.orgId, invitations.orgId), eq(memberships.userId, invitations.invitedBy)),
    )
    .where(and(eq(invitations.orgId, parsed.orgId), eq(invitations.id, parsed.id)))
    .for("update", { of: invitations });
  const usable =
    row &&
    secretMatches(parsed.secret, row.secretHash) &&
    !row.acceptedAt &&
    !row.revokedAt &&
    // Null invitedBy: issued by staff provisioning the org (lib/staff/provisioning.ts), for its
    // first owner; no member answers for it, and no removal can revoke it.
    (row.inviterMembership !== null || row.invitedBy === null) &&
    row.expiresAt > new Date();
  if (!usable) throw new InvalidInvitationError();
  return { id: row.id, orgId: row.orgId, orgName: row.orgName, email: row.email, role: row.role };
}

export async function getOpenInvitation(token: string): Promise<OpenInvitation | null> {
  try {
    return await withSystem("read invitation by its link", (tx) => loadOpenInvitation(tx, token));
  } catch (error) {
    if (error instanceof InvalidInvitationError) return null;
    throw error;
  }
}

async function joinOrg(tx: Transaction, invitation: OpenInvitation, userId: string) {
  await tx
    .insert(memberships)
    .values({ orgId: invitation.orgId, userId, role: invitation.role })
    .onConflictDoNothing();
  await tx
    .update(invitations)
    .set({ acceptedAt: new Date(), acceptedBy: userId })
    .where(and(eq(invitations.orgId, invitation.orgId), eq(invitations.id, invitation.id)));
  const [org] = await tx.select().from(orgs).where(eq(orgs.id, invitation.orgId));
  if (!org) throw new InvalidInvitationError();
  await recordAudit(tx, memberContext(org, userId, invitation.role), {
    action: "member.joined",
    targetType: "user",
    targetId: userId,
    metadata: { role: invitation.role, invitationId: invitation.id },
  });
}

/** A signed-in user accepts: the invitation must have been sent to their email. */
export async function acceptInvitation(token: string, user: { id: string; email: string }) {
  return withSystem("accept invitation", async (tx) => {
    const invitation = await loadOpenInvitation(tx, token);
    if (invitation.email !== user.email.toLowerCase()) {
      throw new ForbiddenError(
        `This invitation was sent to ${invitation.email}. Sign in with that email to accept it.`,
      );
    }
    await joinOrg(tx, invitation, user.id);
    return invitation;
  });
}

/** A newcomer accepts by creating their account with the invited email. */
export async function signUpWithInvitation(
  token: string,
  input: { name: string; password: string },
  // The demo seed and test factories only: the account starts verified and no email is written.
  { verified = false }: { verified?: boolean } = {},
) {
  const passwordHash = await hashPassword(input.password);
  try {
    return await withSystem("sign up through invitation", async (tx) => {
      const invitation = await loadOpenInvitation(tx, token);
      const [user] = await tx
        .insert(users)
        .values({
          email: invitation.email,
          name: input.name,
          passwordHash,
          emailVerifiedAt: verified ? new Date() : null,
        })
        .returning({ id: users.id, email: users.email, name: users.name });
      if (!user) throw new Error("insert returned no row");
      await joinOrg(tx, invitation, user.id);
      // The invitation link is also shown to the inviter to copy, so opening it proves nothing
      // about the mailbox: the address is verified by its own link, like any other (ADR 0010).
      const verificationLink = verified ? null : await queueVerificationEmail(tx, user);
      return { invitation, user, verificationLink };
    });
  } catch (error) {
    if (isUniqueViolation(error, "users_email_key")) throw new EmailTakenError();
    throw error;
  }
}
