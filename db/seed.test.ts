import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { platformStaff, users } from "@/db/schema";
import { withSystem } from "@/lib/db/scopes";
import { loadStaffMember } from "@/lib/staff/staff";
import { setupFreshDatabase } from "@/test/db";
import { DEMO_MEMBER, DEMO_OWNER, seedDemo } from "./seed";

await setupFreshDatabase();

const userByEmail = async (email: string) => {
  const [user] = await withSystem("test", (tx) =>
    tx
      .select({ id: users.id, email: users.email })
      .from(users)
      .where(sql`lower(${users.email}) = ${email}`),
  );
  if (!user) throw new Error(`no user ${email}`);
  return user;
};

describe("the demo seed", () => {
  it("makes the demo owner Luneo staff, and only them, on a new database and on an older one", async () => {
    expect(await seedDemo()).toBe("created");
    const owner = await userByEmail(DEMO_OWNER.email);
    const member = await userByEmail(DEMO_MEMBER.email);
    expect(await loadStaffMember(owner)).not.toBeNull();
    expect(await loadStaffMember(member)).toBeNull();
    // The actions registry has something to show: tasks, journal entries, one pending approval.
    const [actions] = await withSystem("test", (tx) =>
      tx.execute<{ tasks: number; journal: number; pending: number }>(sql`select
        (select count(*)::int from tasks) as tasks,
        (select count(*)::int from action_executions) as journal,
        (select count(*)::int from action_executions where status = 'pending_approval') as pending`),
    );
    expect(actions).toMatchObject({ tasks: 4, pending: 1 });
    expect(actions!.journal).toBeGreaterThanOrEqual(8);

    // A database seeded before the staff role existed gets it on the next start.
    await withSystem("test", (tx) => tx.delete(platformStaff));
    expect(await seedDemo()).toBe("exists");
    expect(await loadStaffMember(owner)).not.toBeNull();
  }, 60_000);
});
