import "server-only";
import { randomBytes } from "node:crypto";
import { memberships, orgs, users } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { recordAudit } from "@/lib/audit/record";
import { withSystem } from "@/lib/db/scopes";
import { AppError } from "@/lib/errors";
import { memberContext } from "./context";
import type { SignUpInput } from "./schemas";

export function slugify(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, 40)
    .replace(/^-+|-+$/g, "");
  // A short random suffix keeps slugs unique without a retry loop.
  return `${base || "org"}-${randomBytes(3).toString("hex")}`;
}

export class EmailTakenError extends AppError {
  constructor() {
    super("CONFLICT", "An account with this email already exists.", {
      email: ["An account with this email already exists. Sign in instead."],
    });
  }
}

/** A new business: its user, its org, and the user as owner — all or nothing. */
export async function signUp(input: SignUpInput): Promise<{ userId: string; orgId: string }> {
  const passwordHash = await hashPassword(input.password);
  try {
    return await withSystem("sign-up creates a new tenant", async (tx) => {
      const [user] = await tx
        .insert(users)
        .values({ email: input.email.trim().toLowerCase(), name: input.name, passwordHash })
        .returning({ id: users.id });
      const [org] = await tx
        .insert(orgs)
        .values({ name: input.orgName, slug: slugify(input.orgName) })
        .returning();
      if (!user || !org) throw new Error("insert returned no row");
      await tx.insert(memberships).values({ orgId: org.id, userId: user.id, role: "owner" });
      await recordAudit(tx, memberContext(org, user.id, "owner"), {
        action: "org.created",
        targetType: "org",
        targetId: org.id,
      });
      return { userId: user.id, orgId: org.id };
    });
  } catch (error) {
    if (isUniqueViolation(error, "users_email_key")) throw new EmailTakenError();
    throw error;
  }
}

export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const cause = (error as { cause?: unknown })?.cause ?? error;
  const pgError = cause as { code?: string; constraint_name?: string };
  return pgError?.code === "23505" && pgError.constraint_name === constraint;
}
