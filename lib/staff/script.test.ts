import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { invitations, orgs, platformAuditLog } from "@/db/schema";
import { getOpenInvitation } from "@/lib/tenancy/invitations";
import { withSystem } from "@/lib/db/scopes";
import { setupFreshDatabase } from "@/test/db";
import { uniqueEmail } from "@/test/factories";

await setupFreshDatabase();

// `npm run staff` as an operator runs it: scripts/staff.ts in its own process (tsx), against this
// file's database (DATABASE_URL and the role passwords come from the environment), its JSON read
// back from stdout.

const run = promisify(execFile);

async function staff(...args: string[]) {
  return run("node_modules/.bin/tsx", ["--conditions=react-server", "scripts/staff.ts", ...args], {
    env: { ...process.env, LOG_LEVEL: "", NODE_ENV: "development" },
    timeout: 60_000,
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

describe("npm run staff", () => {
  it("create-org prints JSON with the org id and a working owner invitation link", async () => {
    const ownerEmail = uniqueEmail("script");
    const { code, stdout, stderr } = await staff(
      "create-org",
      "--name",
      "Script Realty",
      "--owner-email",
      ownerEmail,
    );
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    const printed = JSON.parse(stdout) as { orgId: string; ownerInvitationLink: string };
    const [org] = await withSystem("test", (tx) =>
      tx.select().from(orgs).where(eq(orgs.id, printed.orgId)),
    );
    expect(org?.name).toBe("Script Realty");
    const token = printed.ownerInvitationLink.split("/invite/")[1]!;
    expect(await getOpenInvitation(token)).toMatchObject({
      orgId: printed.orgId,
      email: ownerEmail,
      role: "owner",
    });
    const [entry] = await withSystem("test", (tx) =>
      tx.select().from(platformAuditLog).where(eq(platformAuditLog.targetId, printed.orgId)),
    );
    expect(entry).toMatchObject({ action: "staff.org_created", actorType: "operator" });
  }, 90_000);

  it("refuses bad input with a sentence on stderr, exit code 1 and nothing written", async () => {
    const before = await withSystem("test", (tx) => tx.select().from(invitations));
    const { code, stdout, stderr } = await staff("create-org", "--owner-email", "x@example.com");
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr.trim()).toBe("--name: Enter your business name.");
    expect(await withSystem("test", (tx) => tx.select().from(invitations))).toEqual(before);
  }, 90_000);
});
