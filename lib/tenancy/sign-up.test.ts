import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, memberships, orgs, users } from "@/db/schema";
import { verifyPassword } from "@/lib/auth/password";
import { withSystem } from "@/lib/db/scopes";
import { countRows, setupFreshDatabase } from "@/test/db";
import { expectAppError } from "@/test/errors";
import { TEST_PASSWORD, uniqueEmail, uniqueSuffix } from "@/test/factories";
import { signUpSchema } from "./schemas";
import { signUp, signUpOrNotify } from "./sign-up";
import { accountMailTo } from "@/test/mail";

await setupFreshDatabase();

function input(overrides: Partial<Record<"name" | "email" | "password" | "orgName", string>> = {}) {
  return signUpSchema.parse({
    name: "Ada Owner",
    email: uniqueEmail("signup"),
    password: TEST_PASSWORD,
    orgName: `Acme ${uniqueSuffix()}`,
    ...overrides,
  });
}

describe("signUp", () => {
  it("creates the user, the org, the owner membership and an audit entry", async () => {
    const data = input({ orgName: "Café Déjà Vu" });
    const { userId, orgId } = await signUp(data);

    const written = await withSystem("test: read sign-up rows", async (tx) => ({
      user: (await tx.select().from(users).where(eq(users.id, userId)))[0],
      org: (await tx.select().from(orgs).where(eq(orgs.id, orgId)))[0],
      memberships: await tx.select().from(memberships).where(eq(memberships.userId, userId)),
      audit: await tx.select().from(auditLog).where(eq(auditLog.orgId, orgId)),
    }));
    expect(written.user).toMatchObject({ email: data.email, name: "Ada Owner" });
    expect(written.user!.passwordHash).not.toContain(TEST_PASSWORD);
    expect(await verifyPassword(written.user!.passwordHash, TEST_PASSWORD)).toBe(true);
    expect(written.org).toMatchObject({ name: "Café Déjà Vu" });
    expect(written.org!.slug).toMatch(/^cafe-deja-vu-[0-9a-f]{6}$/);
    expect(written.memberships).toEqual([
      expect.objectContaining({ orgId, userId, role: "owner" }),
    ]);
    expect(written.audit).toEqual([
      expect.objectContaining({
        actorType: "user",
        actorId: userId,
        action: "org.created",
        targetType: "org",
        targetId: orgId,
      }),
    ]);
  });

  it("stores the email lower-cased (through the shared schema)", async () => {
    const email = `Mixed.Case-${uniqueSuffix()}@Example.COM`;
    const { userId } = await signUp(input({ email }));
    const [user] = await withSystem("test", (tx) =>
      tx.select().from(users).where(eq(users.id, userId)),
    );
    expect(user?.email).toBe(email.toLowerCase());
  });

  it.each([
    ["the same case", (email: string) => email],
    ["another case", (email: string) => email.toUpperCase()],
  ])(
    "refuses an email already taken (%s) with a CONFLICT on the email field, writing nothing",
    async (_label, variant) => {
      const email = uniqueEmail("taken");
      await signUp(input({ email }));
      const before = await countRows();
      // Both through the schema (lower-cases) and straight to the service (the unique index on
      // lower(email) is the last word).
      for (const data of [
        input({ email: variant(email) }),
        { ...input(), email: variant(email) },
      ]) {
        const error = await expectAppError(signUp(data), "CONFLICT");
        expect(error.fieldErrors?.email?.[0]).toMatch(/already exists/);
      }
      expect(await countRows()).toEqual(before);
    },
  );

  it("gives every org its own slug, even with the same name", async () => {
    const [first, second] = await Promise.all([
      signUp(input({ orgName: "Same Name" })),
      signUp(input({ orgName: "Same Name" })),
    ]);
    const slugs = await withSystem("test", (tx) =>
      tx
        .select({ slug: orgs.slug })
        .from(orgs)
        .where(sql`${orgs.id} in (${first.orgId}, ${second.orgId})`),
    );
    expect(slugs).toHaveLength(2);
    expect(slugs[0]!.slug).not.toBe(slugs[1]!.slug);
  });

  it("two sign-ups racing for one email: exactly one wins, the other gets CONFLICT", async () => {
    const email = uniqueEmail("race");
    const before = await countRows();
    const results = await Promise.allSettled([signUp(input({ email })), signUp(input({ email }))]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected");
    expect((rejected as PromiseRejectedResult).reason).toMatchObject({ code: "CONFLICT" });
    const after = await countRows();
    expect(after.users - before.users).toBe(1);
    expect(after.orgs - before.orgs).toBe(1);
    expect(after.memberships - before.memberships).toBe(1);
  });
});

describe("signUpOrNotify (the sign-up form: no account enumeration, docs/adr/0010)", () => {
  it("a new address: creates the account, unverified, and queues its verification email", async () => {
    const data = input();
    const outcome = await signUpOrNotify(data);
    expect(outcome).toMatchObject({ status: "created" });
    const mail = await accountMailTo(data.email);
    expect(mail.map((m) => m.kind)).toEqual(["email_verification"]);
  });

  it("an address with an account: creates nothing, emails its owner once an hour, answers 'exists' without an error", async () => {
    const email = uniqueEmail("existing");
    await signUp(input({ email }), { verified: true });
    const before = await countRows();
    // Another person's name, business and password: none of it is kept.
    for (const variant of [email, email.toUpperCase()]) {
      await expect(
        signUpOrNotify(input({ email: variant, name: "Mallory", password: "another password 1" })),
      ).resolves.toEqual({ status: "exists" });
    }
    expect(await countRows()).toEqual(before);
    const mail = await accountMailTo(email);
    expect(mail.map((m) => m.kind)).toEqual(["sign_up_attempt"]);
    expect(mail[0]!.body).toContain("/forgot-password");
    expect(mail[0]!.body).not.toContain("Mallory");
  });
});

describe("signUpSchema (bad input: clear field errors before anything is written)", () => {
  it.each([
    ["email", { email: "not-an-email" }],
    ["password", { password: "short" }],
    ["name", { name: "   " }],
    ["orgName", { orgName: "A" }],
  ])("rejects a bad %s", (field, overrides) => {
    const result = signUpSchema.safeParse({
      name: "Ada",
      email: "ada@example.com",
      password: TEST_PASSWORD,
      orgName: "Acme",
      ...overrides,
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join("."))).toEqual([field]);
  });
});
