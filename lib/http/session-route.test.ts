import { beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { ROLE_PERMISSIONS } from "@/lib/auth/permissions";
import type { SessionContext } from "@/lib/auth/session";
import type { TenantContext } from "@/lib/context";

// The session comes from Auth.js cookies and the database; here it is whoever the test says.
const session = vi.hoisted(() => ({ current: null as SessionContext | null }));
vi.mock("@/lib/auth/session", () => ({ getSessionContext: async () => session.current }));

const { sessionRoute } = await import("./session-route");

const ctxOf = (role: "owner" | "member"): TenantContext => ({
  org: { id: "00000000-0000-4000-8000-000000000001", name: "Org", slug: "org" },
  actor: { type: "user", userId: "u", role, permissions: ROLE_PERMISSIONS[role] },
});
const signIn = (role: "owner" | "member" | null) => {
  session.current = role
    ? { ctx: ctxOf(role), orgs: [], user: { id: "u", email: "", name: "" } }
    : null;
};

const seen = vi.fn();
const exportRoute = sessionRoute(
  { permission: "contacts.export", query: z.object({ n: z.string().regex(/^\d+$/, "A number.") }) },
  async ({ ctx, query, params }) => {
    seen(ctx.org.id, query, params);
    return Response.json({ ok: true });
  },
);
const uploadRoute = sessionRoute(
  {
    permission: "contacts.import",
    upload: { maxBytes: 1024, tooLarge: "Too large.", notAForm: "Send a form." },
  },
  async ({ form }) => Response.json({ file: form.get("fileName") }),
);

const get = (query: string) =>
  new Request(`http://app.test/x${query}`, { headers: { host: "app.test" } });
const post = (body: BodyInit, headers: Record<string, string> = {}) =>
  new Request("http://app.test/upload", {
    method: "POST",
    body,
    headers: { host: "app.test", ...headers },
  });

beforeEach(() => {
  seen.mockClear();
  signIn("owner");
});

async function errorOf(response: Response) {
  const body = (await response.json()) as { error: { code: string; message: string } };
  return { status: response.status, code: body.error.code, message: body.error.message };
}

describe("sessionRoute", () => {
  it("runs the handler with the session's context, params and parsed query, answering private no-store", async () => {
    const response = await exportRoute(get("?n=12"), { params: Promise.resolve({ id: "c1" }) });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(seen).toHaveBeenCalledWith(ctxOf("owner").org.id, { n: "12" }, { id: "c1" });
  });

  it("answers 401 in JSON without a session, 403 without the permission, 422 on a bad query", async () => {
    signIn(null);
    expect(await errorOf(await exportRoute(get("?n=1")))).toMatchObject({
      status: 401,
      code: "UNAUTHORIZED",
    });
    signIn("member");
    expect(await errorOf(await exportRoute(get("?n=1")))).toMatchObject({
      status: 403,
      code: "FORBIDDEN",
    });
    signIn("owner");
    const bad = await exportRoute(get("?n=x"));
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { error: { fieldErrors: unknown } }).error.fieldErrors).toEqual({
      n: ["A number."],
    });
    expect(bad.headers.get("x-request-id")).toBeTruthy();
    expect(seen).not.toHaveBeenCalled();
  });

  it("refuses a write from another site before anything else", async () => {
    signIn(null);
    const response = await uploadRoute(post("x", { origin: "https://evil.test" }));
    expect(await errorOf(response)).toMatchObject({ status: 403, code: "FORBIDDEN" });
  });

  it("refuses an oversized upload with 413 before the session is checked, and reads a form", async () => {
    signIn(null);
    const tooLarge = await uploadRoute(post("a".repeat(2048)));
    expect(await errorOf(tooLarge)).toMatchObject({ status: 413, message: "Too large." });
    expect(tooLarge.headers.get("connection")).toBe("close");
    expect((await errorOf(await uploadRoute(post("small")))).status).toBe(401);

    signIn("owner");
    expect(
      await errorOf(await uploadRoute(post("not a form", { "content-type": "text/plain" }))),
    ).toMatchObject({
      status: 422,
      message: "Send a form.",
    });
    const form = new FormData();
    form.set("fileName", "people.csv");
    expect(await (await uploadRoute(post(form))).json()).toEqual({ file: "people.csv" });
  });
});
