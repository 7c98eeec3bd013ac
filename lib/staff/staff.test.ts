import { desc, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, platformAuditLog, platformStaff } from "@/db/schema";
import { authenticateApiKey } from "@/lib/api-keys/authenticate";
import { listApiKeys } from "@/lib/api-keys/service";
import { withSystem, withUser } from "@/lib/db/scopes";
import { removeMember } from "@/lib/tenancy/manage-members";
import { listMembers } from "@/lib/tenancy/members";
import { signUpWithInvitation } from "@/lib/tenancy/invitations";
import { countRows, setupFreshDatabase } from "@/test/db";
import { expectAppError } from "@/test/errors";
import { addMember, contextOf, createOwner, TEST_PASSWORD, uniqueEmail } from "@/test/factories";
import { orgMailTo } from "@/test/mail";
import type { Operator, StaffMember } from "./actor";
import { runStaffCommand } from "./cli";
import { listOrgsForStaff } from "./overview";
import { createOrgWithOwnerInvitation, issueApiKeyForOrg } from "./provisioning";
import { grantStaff, loadStaffMember, revokeStaff } from "./staff";

await setupFreshDatabase();

const operator: Operator = { type: "operator", name: "ops-tester" };

async function platformEntries(action: string, targetId?: string) {
  const rows = await withSystem("test reads the platform audit log", (tx) =>
    tx
      .select()
      .from(platformAuditLog)
      .where(eq(platformAuditLog.action, action))
      .orderBy(desc(platformAuditLog.createdAt)),
  );
  return targetId ? rows.filter((r) => r.targetId === targetId) : rows;
}

/** Drizzle wraps PostgreSQL's error: the refusal is in its cause. */
const refusedByRls = (error: unknown) =>
  /violates row-level security/.test(String((error as { cause?: unknown }).cause ?? error));

const platformCount = async () =>
  (await withSystem("test counts", (tx) => tx.select().from(platformAuditLog))).length;

async function staffOf(userId: string, email: string): Promise<StaffMember> {
  const staff = await loadStaffMember({ id: userId, email });
  if (!staff) throw new Error("not staff");
  return staff;
}

describe("granting and revoking the staff role", () => {
  it("grants an existing account, audited under the operator's name, and only once", async () => {
    const person = await createOwner();
    expect(await loadStaffMember({ id: person.userId, email: person.email })).toBeNull();
    const granted = await grantStaff(operator, person.email.toUpperCase());
    expect(granted).toEqual({ userId: person.userId, email: person.email, changed: true });
    expect(await loadStaffMember({ id: person.userId, email: person.email })).toMatchObject({
      type: "staff",
      userId: person.userId,
    });
    const [entry] = await platformEntries("staff.granted", person.userId);
    expect(entry).toMatchObject({
      actorType: "operator",
      actorId: "ops-tester",
      targetType: "user",
    });

    expect((await grantStaff(operator, person.email)).changed).toBe(false);
    expect(await platformEntries("staff.granted", person.userId)).toHaveLength(1);

    expect((await revokeStaff(operator, person.email)).changed).toBe(true);
    expect(await loadStaffMember({ id: person.userId, email: person.email })).toBeNull();
    expect(await platformEntries("staff.revoked", person.userId)).toHaveLength(1);
    expect((await revokeStaff(operator, person.email)).changed).toBe(false);
    expect(await platformEntries("staff.revoked", person.userId)).toHaveLength(1);
  });

  it("refuses an unknown or malformed email with a sentence, writing nothing", async () => {
    const before = await platformCount();
    const unknown = await expectAppError(grantStaff(operator, uniqueEmail("nobody")), "NOT_FOUND");
    expect(unknown.message).toMatch(/^No account uses .+@example\.com\. The person signs up/);
    const malformed = await expectAppError(grantStaff(operator, "not-an-email"), "VALIDATION");
    expect(malformed.message).toBe(
      '"not-an-email" is not an email address, like name@company.com.',
    );
    await expectAppError(revokeStaff(operator, uniqueEmail("nobody")), "NOT_FOUND");
    expect(await platformCount()).toBe(before);
  });

  it("cannot be granted from the tenant pool, even by the person themselves", async () => {
    const person = await createOwner();
    await expect(
      withUser(person.userId, (tx) => tx.insert(platformStaff).values({ userId: person.userId })),
    ).rejects.toSatisfy(refusedByRls);
    await expect(
      withUser(person.userId, (tx) =>
        tx.insert(platformAuditLog).values({ actorType: "staff", actorId: "x", action: "forged" }),
      ),
    ).rejects.toSatisfy(refusedByRls);
    // Another user's staff row is invisible to them.
    const staff = await createOwner();
    await grantStaff(operator, staff.email);
    const seen = await withUser(person.userId, (tx) => tx.select().from(platformStaff));
    expect(seen).toEqual([]);
  });
});

describe("withStaff: the audited read across orgs", () => {
  it("lists every org with its vertical, creation date and member count, and records the read", async () => {
    const a = await createOwner({ orgName: "Overview A" });
    await addMember(a.ctx, "member");
    const b = await createOwner({ orgName: "Overview B" });
    const staffUser = await createOwner();
    await grantStaff(operator, staffUser.email);
    const staff = await staffOf(staffUser.userId, staffUser.email);

    const before = (await platformEntries("staff.read")).length;
    const rows = await listOrgsForStaff(staff);
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(a.orgId)).toMatchObject({ name: "Overview A", memberCount: 2, vertical: null });
    expect(byId.get(b.orgId)).toMatchObject({ name: "Overview B", memberCount: 1 });
    expect(byId.get(a.orgId)?.createdAt).toBeInstanceOf(Date);

    const reads = await platformEntries("staff.read");
    expect(reads).toHaveLength(before + 1);
    expect(reads[0]).toMatchObject({
      actorType: "staff",
      actorId: staffUser.userId,
      targetId: "orgs.overview",
      reason: "staff overview lists every org",
    });
  });
});

describe("create-org", () => {
  it("creates an org with no member and an owner invitation that makes the invitee its owner", async () => {
    const ownerEmail = uniqueEmail("customer");
    const created = await createOrgWithOwnerInvitation(operator, {
      name: "  Harbour Homes ",
      ownerEmail: ownerEmail.toUpperCase(),
    });
    expect(created.ownerInvitationLink).toMatch(/\/invite\/inv_/);

    // Audited twice: the platform names the operator; the org's own log points to that entry.
    const [platform] = await platformEntries("staff.org_created", created.orgId);
    expect(platform).toMatchObject({ actorType: "operator", actorId: "ops-tester" });
    const orgEntries = await withSystem("test reads the org's audit log", (tx) =>
      tx.select().from(auditLog).where(eq(auditLog.orgId, created.orgId)),
    );
    expect(orgEntries.map((e) => [e.action, e.actorType, e.actorId]).sort()).toEqual([
      ["member.invited", "system", "staff"],
      ["org.created", "system", "staff"],
    ]);
    expect(orgEntries.find((e) => e.action === "org.created")?.metadata).toEqual({
      platformAuditId: platform!.id,
    });
    // The invitation is emailed too.
    expect((await orgMailTo(created.orgId, ownerEmail)).length).toBe(1);

    const token = created.ownerInvitationLink.split("/invite/")[1]!;
    const { user } = await signUpWithInvitation(token, {
      name: "Harbour Owner",
      password: TEST_PASSWORD,
    });
    const ctx = await contextOf(user.id, created.orgId);
    expect(ctx.org.name).toBe("Harbour Homes");
    expect(ctx.actor).toMatchObject({ type: "user", role: "owner" });
    expect((await listMembers(ctx)).map((m) => m.email)).toEqual([ownerEmail]);
  });

  it("refuses a bad name or email with a sentence, writing nothing", async () => {
    const before = { rows: await countRows(), platform: await platformCount() };
    const bad = await expectAppError(
      createOrgWithOwnerInvitation(operator, { name: "x", ownerEmail: "nope" }),
      "VALIDATION",
    );
    expect(bad.fieldErrors).toEqual({
      name: ["Enter your business name."],
      ownerEmail: ["Enter a valid email address, like name@company.com."],
    });
    await expectAppError(
      createOrgWithOwnerInvitation(operator, { name: "Nul\u0000Org", ownerEmail: "a@b.co" }),
      "VALIDATION",
    );
    expect(await countRows()).toEqual(before.rows);
    expect(await platformCount()).toBe(before.platform);
  });
});

describe("api-key", () => {
  it("issues a key that works, answers to no member and is listed as the Luneo team's", async () => {
    const owner = await createOwner();
    const admin = await addMember(owner.ctx, "admin");
    const issued = await issueApiKeyForOrg(operator, {
      orgId: owner.orgId,
      name: "Partner sync",
      scopes: ["contacts:read", "contacts:read", "channels:write"],
    });
    expect(issued.key).toMatch(/^luneo_/);
    expect(issued.scopes).toEqual(["contacts:read", "channels:write"]);

    const ctx = await authenticateApiKey(`Bearer ${issued.key}`, "contacts:read");
    expect(ctx.org.id).toBe(owner.orgId);

    const [listed] = (await listApiKeys(owner.ctx)).filter((k) => k.id === issued.keyId);
    expect(listed).toMatchObject({
      name: "Partner sync",
      issuedByStaff: true,
      lastFour: issued.key.slice(-4),
    });

    // Removing a member leaves it alone: it is not theirs.
    await removeMember(owner.ctx, admin.userId, { belongings: "revoke" });
    await expect(authenticateApiKey(`Bearer ${issued.key}`, "contacts:read")).resolves.toBeTruthy();

    const [platform] = await platformEntries("staff.api_key_created", issued.keyId);
    expect(platform?.metadata).toEqual({ orgId: owner.orgId, scopes: issued.scopes });
    // The key itself is in no audit entry.
    const entries = await withSystem("test", (tx) =>
      tx
        .select()
        .from(auditLog)
        .where(sql`${auditLog.metadata}::text like ${"%" + issued.key + "%"}`),
    );
    expect(entries).toEqual([]);
  });

  it("refuses a malformed or unknown org and unknown scopes, writing nothing", async () => {
    const before = { rows: await countRows(), platform: await platformCount() };
    const bad = await expectAppError(
      issueApiKeyForOrg(operator, { orgId: "42", name: "k", scopes: ["everything"] }),
      "VALIDATION",
    );
    expect(Object.keys(bad.fieldErrors ?? {}).sort()).toEqual(["orgId", "scopes.0"]);
    const none = await expectAppError(
      issueApiKeyForOrg(operator, { orgId: crypto.randomUUID(), name: "k", scopes: [] }),
      "VALIDATION",
    );
    expect(none.fieldErrors).toEqual({ scopes: ["Choose at least one scope."] });
    const unknown = await expectAppError(
      issueApiKeyForOrg(operator, {
        orgId: "00000000-0000-4000-8000-000000000000",
        name: "k",
        scopes: ["org:read"],
      }),
      "NOT_FOUND",
    );
    expect(unknown.message).toBe("The org 00000000-0000-4000-8000-000000000000 was not found.");
    expect(await countRows()).toEqual(before.rows);
    expect(await platformCount()).toBe(before.platform);
  });
});

describe("the command", () => {
  it("names the flag a refusal is about and exits 1", async () => {
    const outcome = await runStaffCommand(
      ["create-org", "--name", "Fine Name", "--owner-email", "nope"],
      operator,
    );
    expect(outcome).toEqual({
      exitCode: 1,
      stdout: "",
      stderr: "--owner-email: Enter a valid email address, like name@company.com.",
    });
    const unknownFlag = await runStaffCommand(["api-key", "--org", "x", "--bogus", "1"], operator);
    expect(unknownFlag.exitCode).toBe(1);
    expect(unknownFlag.stderr).toMatch(/^Unknown option '--bogus'\./);
    const owner = await createOwner();
    const badScope = await runStaffCommand(
      ["api-key", "--org", owner.orgId, "--scopes", "org:read, everything"],
      operator,
    );
    expect(badScope.stderr).toBe(
      '--scopes: Unknown scope. "everything" is not one of org:read, verticals:read, verticals:write, contacts:read, contacts:write, memory:read, memory:write, channels:read, channels:write, roi:read.',
    );
    const unknownCommand = await runStaffCommand(["destroy"], operator);
    expect(unknownCommand.stderr).toMatch(/^Unknown command "destroy"\.\n\nUsage:/);
    expect((await runStaffCommand(["grant"], operator)).stderr).toMatch(/^Give one email/);
  });

  it("api-key prints the key once, as JSON, and the key works", async () => {
    const owner = await createOwner();
    const outcome = await runStaffCommand(
      ["api-key", "--org", owner.orgId, "--scopes", "channels:write", "--name", "Agency setup"],
      operator,
    );
    expect(outcome.exitCode).toBe(0);
    const printed = JSON.parse(outcome.stdout) as { key: string; keyId: string; name: string };
    expect(printed.name).toBe("Agency setup");
    const ctx = await authenticateApiKey(`Bearer ${printed.key}`, "channels:write");
    expect(ctx.org.id).toBe(owner.orgId);
  });

  it("grants through the command and answers with a sentence", async () => {
    const person = await createOwner();
    const outcome = await runStaffCommand(["grant", person.email], operator);
    expect(outcome).toEqual({
      exitCode: 0,
      stdout: `${person.email} is now Luneo staff.`,
      stderr: "",
    });
    const rows = await withSystem("test", (tx) =>
      tx.select().from(platformStaff).where(eq(platformStaff.userId, person.userId)),
    );
    expect(rows).toHaveLength(1);
  });
});
