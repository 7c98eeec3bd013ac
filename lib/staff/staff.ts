import "server-only";
import { eq, sql } from "drizzle-orm";
import { platformStaff, users } from "@/db/schema";
import { withSystem, withUser } from "@/lib/db/scopes";
import { AppError } from "@/lib/errors";
import { emailSchema } from "@/lib/tenancy/schemas";
import type { Operator, StaffMember } from "./actor";
import { recordPlatformAudit } from "./audit";

// Granting and revoking the staff role (`npm run staff -- grant|revoke <email>`), and the check
// every staff page and read starts from.

function parseEmail(email: string): string {
  const parsed = emailSchema.safeParse(email);
  if (!parsed.success) {
    throw new AppError("VALIDATION", `"${email}" is not an email address, like name@company.com.`);
  }
  return parsed.data;
}

export type StaffChange = { userId: string; email: string; changed: boolean };

/** Makes the person with this email staff. Idempotent: granting twice changes and records nothing. */
export async function grantStaff(operator: Operator, rawEmail: string): Promise<StaffChange> {
  const email = parseEmail(rawEmail);
  return withSystem("grant the staff role", async (tx) => {
    const [user] = await tx
      .select({ id: users.id, email: users.email })
      .from(users)
      .where(sql`lower(${users.email}) = ${email}`);
    if (!user) {
      throw new AppError(
        "NOT_FOUND",
        `No account uses ${email}. The person signs up (or accepts an invitation) first.`,
      );
    }
    const inserted = await tx
      .insert(platformStaff)
      .values({ userId: user.id })
      .onConflictDoNothing()
      .returning({ userId: platformStaff.userId });
    if (inserted.length > 0) {
      await recordPlatformAudit(tx, operator, {
        action: "staff.granted",
        targetType: "user",
        targetId: user.id,
      });
    }
    return { userId: user.id, email: user.email, changed: inserted.length > 0 };
  });
}

/** Takes the staff role away; their next request to /staff answers 404. */
export async function revokeStaff(operator: Operator, rawEmail: string): Promise<StaffChange> {
  const email = parseEmail(rawEmail);
  return withSystem("revoke the staff role", async (tx) => {
    const [user] = await tx
      .select({ id: users.id, email: users.email })
      .from(users)
      .where(sql`lower(${users.email}) = ${email}`);
    if (!user) throw new AppError("NOT_FOUND", `No account uses ${email}.`);
    const deleted = await tx
      .delete(platformStaff)
      .where(eq(platformStaff.userId, user.id))
      .returning({ userId: platformStaff.userId });
    if (deleted.length > 0) {
      await recordPlatformAudit(tx, operator, {
        action: "staff.revoked",
        targetType: "user",
        targetId: user.id,
      });
    }
    return { userId: user.id, email: user.email, changed: deleted.length > 0 };
  });
}

/**
 * The staff member behind a user id, or null. Asked in the user's own transaction (RLS shows a
 * person only their own platform_staff row), so it needs no cross-tenant access. Callers pass the
 * id of a session already checked against the database (lib/staff/session.ts).
 */
export async function loadStaffMember(user: {
  id: string;
  email: string;
}): Promise<StaffMember | null> {
  const rows = await withUser(user.id, (tx) =>
    tx
      .select({ userId: platformStaff.userId })
      .from(platformStaff)
      .where(eq(platformStaff.userId, user.id)),
  );
  if (rows.length === 0) return null;
  return { type: "staff", userId: user.id, email: user.email } as StaffMember;
}
