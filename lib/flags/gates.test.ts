import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { NavItem } from "@/components/shell/nav";
import { featureFlagOverrides } from "@/db/schema";
import type { SessionContext } from "@/lib/auth/session";
import { withSystem } from "@/lib/db/scopes";
import type { JobRun } from "@/lib/jobs/define";
import { bearer, createApiOrg } from "@/test/api";
import { setupFreshDatabase } from "@/test/db";
import { createOwner, type TestOwner } from "@/test/factories";
import type { FlagKey } from "./registry";

// The gates a module puts itself behind (CONTRIBUTING.md, "Putting a module behind a flag"),
// each tested with the flag that gates something that exists today: contacts-import.

// The session comes from Auth.js cookies; here it is the org the test says (the rest is real).
const session = vi.hoisted(() => ({ current: null as SessionContext | null }));
vi.mock("@/lib/auth/session", () => ({ getSessionContext: async () => session.current }));

await setupFreshDatabase();

const { apiRoute } = await import("@/lib/http/api-route");
const { visibleNavItems } = await import("@/components/shell/nav");
const { contactsImportJob } = await import("@/lib/contacts/import/job");
const { whenFlagOn } = await import("./job-gate");
const { isHiddenPath, requireFlagOr404 } = await import("./pages");
const { FLAGS } = await import("./registry");
const { configurePostHog } = await import("./posthog");
const uploadRoute = await import("@/app/api/contacts/import/route");
const statusRoute = await import("@/app/(dashboard)/contacts/imports/[importId]/status/route");

const IMPORT = FLAGS.contactsImport.key;

/** Pins `key` for the org, as staff would on /staff/flags (lib/flags/overrides.ts). */
async function pin(orgId: string, key: FlagKey, enabled: boolean | null) {
  await withSystem("test pins a flag", async (tx) => {
    const where = and(eq(featureFlagOverrides.orgId, orgId), eq(featureFlagOverrides.flagKey, key));
    await tx.delete(featureFlagOverrides).where(where);
    if (enabled !== null)
      await tx.insert(featureFlagOverrides).values({ orgId, flagKey: key, enabled });
  });
}

const signInAs = (owner: TestOwner) => {
  session.current = { ctx: owner.ctx, orgs: [], user: { id: owner.userId, email: "", name: "" } };
};

beforeAll(async () => {
  await configurePostHog(null);
});

describe("route handlers: the `flag` option", () => {
  it("apiRoute answers 404 in the one error shape while the flag is off for the key's org", async () => {
    const org = await createApiOrg();
    const other = await createApiOrg();
    const token = await org.token(["contacts:read"]);
    const otherToken = await other.token(["contacts:read"]);
    const route = apiRoute({ scope: "contacts:read", flag: IMPORT }, async () =>
      Response.json({ ok: true }),
    );
    const call = (t: string) =>
      route(new Request("http://app.test/api/v1/x", { headers: bearer(t) }));

    expect((await call(token)).status).toBe(200);
    await pin(org.orgId, IMPORT, false);
    const refused = await call(token);
    expect(refused.status).toBe(404);
    expect(await refused.json()).toEqual({
      error: { code: "NOT_FOUND", message: "This page was not found." },
    });
    expect((await call(otherToken)).status).toBe(200);
    // Without a key the flag is not even looked at: 401 as before.
    expect((await route(new Request("http://app.test/api/v1/x"))).status).toBe(401);
    await pin(org.orgId, IMPORT, null);
    expect((await call(token)).status).toBe(200);
  });

  it("the contacts import's upload and status routes (sessionRoute) answer 404 while it is off", async () => {
    const owner = await createOwner();
    signInAs(owner);
    const importId = "00000000-0000-4000-8000-000000000001";
    const status = () =>
      statusRoute.GET(new Request(`http://app.test/contacts/imports/${importId}/status`), {
        params: Promise.resolve({ importId }),
      });
    const upload = () => {
      const form = new FormData();
      form.set("fileName", "leads.csv");
      return uploadRoute.POST(
        new Request("http://app.test/api/contacts/import", {
          method: "POST",
          body: form,
          headers: { host: "app.test", origin: "http://app.test" },
        }),
      );
    };
    // On: the routes run (the import does not exist; the upload lacks its fields).
    expect((await status()).status).toBe(404);
    expect(await (await status()).json()).not.toEqual({
      error: { code: "NOT_FOUND", message: "This page was not found." },
    });
    expect((await upload()).status).toBe(422);

    await pin(owner.orgId, IMPORT, false);
    const off = await status();
    expect(off.status).toBe(404);
    expect(await off.json()).toEqual({
      error: { code: "NOT_FOUND", message: "This page was not found." },
    });
    expect((await upload()).status).toBe(404);
  });
});

describe("pages and navigation", () => {
  it("the dashboard layout's path check hides every page under the flag's paths", async () => {
    const owner = await createOwner();
    for (const path of ["/contacts/import", "/contacts/imports/abc", "/contacts", "/contacts/x"]) {
      expect(await isHiddenPath(owner.orgId, path)).toBe(false);
    }
    await pin(owner.orgId, IMPORT, false);
    expect(await isHiddenPath(owner.orgId, "/contacts/import")).toBe(true);
    expect(await isHiddenPath(owner.orgId, "/contacts/imports/abc")).toBe(true);
    expect(await isHiddenPath(owner.orgId, "/contacts/imports/")).toBe(true);
    expect(await isHiddenPath(owner.orgId, "/contacts")).toBe(false);
    expect(await isHiddenPath(owner.orgId, "/contacts/importer")).toBe(false);
    expect(await isHiddenPath(owner.orgId, null)).toBe(false);
  });

  it("every registered flag hides its own pages, and only its own, while it is off", async () => {
    const { FLAG_LIST } = await import("./registry");
    const owner = await createOwner();
    // Flags that gate a part of a page (roi-forecasting) have no pages; their own tests cover them.
    expect(FLAG_LIST.filter((flag) => flag.pages.length > 0).length).toBeGreaterThanOrEqual(4);
    for (const flag of FLAG_LIST) {
      await pin(owner.orgId, flag.key as FlagKey, false);
      for (const other of FLAG_LIST) {
        for (const page of other.pages) {
          expect({
            flag: flag.key,
            page,
            hidden: await isHiddenPath(owner.orgId, `${page}/x`),
          }).toEqual({
            flag: flag.key,
            page,
            hidden: other.key === flag.key,
          });
        }
      }
      await pin(owner.orgId, flag.key as FlagKey, null);
    }
  });

  it("requireFlagOr404 calls notFound() while the flag is off, and nothing while it is on", async () => {
    const owner = await createOwner();
    await expect(requireFlagOr404(owner.orgId, IMPORT)).resolves.toBeUndefined();
    await pin(owner.orgId, IMPORT, false);
    await expect(requireFlagOr404(owner.orgId, IMPORT)).rejects.toMatchObject({
      digest: "NEXT_HTTP_ERROR_FALLBACK;404",
    });
  });

  it("the shell's nav filter drops an item whose flag is off, and keeps the permission rule", async () => {
    const owner = await createOwner();
    const items: NavItem[] = [
      { href: "/contacts", label: "Contacts", permission: "contacts.read" },
      { href: "/contacts/import", label: "Import", permission: "contacts.import", flag: IMPORT },
      { href: "/settings/team", label: "Team", permission: "members.manage" },
    ];
    const on = { [IMPORT]: { enabled: true } };
    const off = { [IMPORT]: { enabled: false } };
    expect(visibleNavItems(items, owner.ctx, on).map((i) => i.label)).toEqual([
      "Contacts",
      "Import",
      "Team",
    ]);
    expect(visibleNavItems(items, owner.ctx, off).map((i) => i.label)).toEqual([
      "Contacts",
      "Team",
    ]);
    const memberCtx = {
      ...owner.ctx,
      actor: { ...owner.ctx.actor, permissions: ["contacts.read" as const] },
    } as typeof owner.ctx;
    expect(visibleNavItems(items, memberCtx, on).map((i) => i.label)).toEqual(["Contacts"]);
  });
});

describe("jobs: whenFlagOn", () => {
  const run: JobRun = { id: "job-1", attempt: 1, finalAttempt: false };

  it("runs the handler while the flag is on; completes as skipped (and calls onSkip) while off", async () => {
    const owner = await createOwner();
    const ran: string[] = [];
    const skipped: string[] = [];
    const handler = whenFlagOn(
      IMPORT,
      (p: { orgId: string }) => p.orgId,
      async (p) => {
        ran.push(p.orgId);
        return "done";
      },
      async (p) => {
        skipped.push(p.orgId);
      },
    );
    expect(await handler({ orgId: owner.orgId }, run)).toBe("done");
    await pin(owner.orgId, IMPORT, false);
    expect(await handler({ orgId: owner.orgId }, run)).toEqual({
      skipped: "flag-off",
      flag: IMPORT,
    });
    expect({ ran, skipped }).toEqual({ ran: [owner.orgId], skipped: [owner.orgId] });
  });

  it("the contacts.import job is skipped for an org whose contacts-import flag is off", async () => {
    const owner = await createOwner();
    await pin(owner.orgId, IMPORT, false);
    const payload = { orgId: owner.orgId, importId: "00000000-0000-4000-8000-000000000002" };
    expect(await contactsImportJob.handler(payload, run)).toEqual({
      skipped: "flag-off",
      flag: IMPORT,
    });
  });
});
