import { redirect } from "next/navigation";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { SessionContext } from "@/lib/auth/session";
import type { SignedInUser } from "@/lib/auth/session-user";
import { AppError, ValidationError } from "@/lib/errors";
import { currentRequestId } from "@/lib/request-context";

// Who is signed in, and the request's headers, are whatever the test says.
const state = vi.hoisted(() => ({
  session: null as SessionContext | null,
  user: null as SignedInUser | null,
}));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-request-id": "req-42" }) }));
vi.mock("@/lib/auth/session", () => ({
  getSessionContext: async () => state.session,
  getSignedInUser: async () => state.user,
}));

const { publicAction, sessionAction, typedValues, userAction } = await import("./actions");

const user: SignedInUser = { id: "u1", email: "a@example.com", name: "A" };
const session = {
  ctx: { org: { id: "o1", name: "O", slug: "o" }, actor: { type: "user" } },
  orgs: [],
  user,
} as unknown as SessionContext;

beforeEach(() => {
  state.session = null;
  state.user = null;
});

describe("the server action wrappers", () => {
  it("answer the work's value as { ok: true, data }, in the request's context", async () => {
    state.session = session;
    expect(await sessionAction(async (s) => [s.user.id, currentRequestId()])).toEqual({
      ok: true,
      data: ["u1", "req-42"],
    });
    state.user = user;
    expect(await userAction(async (u) => u.email)).toEqual({ ok: true, data: "a@example.com" });
    expect(await publicAction(async () => null)).toEqual({ ok: true, data: null });
  });

  it("refuse without a session (sessionAction) or a signed-in person (userAction)", async () => {
    const work = vi.fn(async () => null);
    state.user = user; // signed in, but in no org
    expect(await sessionAction(work)).toMatchObject({ ok: false, code: "UNAUTHORIZED" });
    state.user = null;
    expect(await userAction(work)).toMatchObject({ ok: false, code: "UNAUTHORIZED" });
    expect(await userAction(work, { signedOut: "Sign in to accept." })).toMatchObject({
      message: "Sign in to accept.",
    });
    expect(work).not.toHaveBeenCalled();
  });

  it("turn errors into results a person can read, with what was typed when asked", async () => {
    const form = new FormData();
    form.set("email", "a@example.com");
    form.set("password", "secret");
    const failed = await publicAction(
      async () => {
        throw new ValidationError({ email: ["Enter an email address."] });
      },
      { values: typedValues(form, ["email"]) },
    );
    expect(failed).toEqual({
      ok: false,
      code: "VALIDATION",
      message: "Some fields need your attention.",
      fieldErrors: { email: ["Enter an email address."] },
      values: { email: "a@example.com" },
    });
    expect(typedValues("not a form", ["email"])).toEqual({});
    const unexpected = await publicAction(async () => {
      throw new Error("database password in here");
    });
    expect(unexpected).toMatchObject({ ok: false, code: "INTERNAL" });
    expect(JSON.stringify(unexpected)).not.toContain("password");
    expect(
      await publicAction(async () => {
        throw new AppError("NOT_FOUND", "This link is invalid.");
      }),
    ).toEqual({ ok: false, code: "NOT_FOUND", message: "This link is invalid." });
  });

  it("let redirect() through, so an action may end on one inside its work", async () => {
    state.session = session;
    await expect(sessionAction(async () => redirect("/dashboard"))).rejects.toMatchObject({
      digest: expect.stringContaining("NEXT_REDIRECT"),
    });
  });
});
