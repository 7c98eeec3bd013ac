import { sql } from "drizzle-orm";
import { getDb } from "@/db";
import { users } from "@/db/schema";
import { withSystem } from "@/lib/db/scopes";
import { resolveUserContext } from "@/lib/tenancy/context";
import { createInvitation, signUpWithInvitation } from "@/lib/tenancy/invitations";
import { signUp } from "@/lib/tenancy/sign-up";

export const DEMO_OWNER = {
  email: "demo@luneo.dev",
  password: "luneo-demo-password",
  name: "Dana Demo",
};
export const DEMO_MEMBER = {
  email: "member@luneo.dev",
  password: "luneo-demo-password",
  name: "Max Member",
};
export const DEMO_ORG_NAME = "Seaside Realty (demo)";

/** The demo org, through the same services a person would use. Safe to run on every start. */
export async function seedDemo(): Promise<"created" | "exists"> {
  getDb();
  const existing = await withSystem("demo seed checks for the demo user", (tx) =>
    tx
      .select({ id: users.id })
      .from(users)
      .where(sql`lower(${users.email}) = ${DEMO_OWNER.email}`),
  );
  if (existing.length > 0) return "exists";

  const { userId, orgId } = await signUp({ ...DEMO_OWNER, orgName: DEMO_ORG_NAME });
  const resolved = await resolveUserContext(userId, orgId);
  if (!resolved) throw new Error("demo owner has no org");
  const { token } = await createInvitation(resolved.ctx, {
    email: DEMO_MEMBER.email,
    role: "member",
  });
  await signUpWithInvitation(token, { name: DEMO_MEMBER.name, password: DEMO_MEMBER.password });
  return "created";
}
