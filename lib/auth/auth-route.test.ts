import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { env } from "@/lib/env";
import { setupFreshDatabase } from "@/test/db";
import { createOwner, TEST_PASSWORD, type TestOwner } from "@/test/factories";
import { publicRedirect } from "./redirect";
import { SIGN_IN_LIMITS } from "./sign-in-limits";

await setupFreshDatabase();
// Imported after the test environment is in place: Auth.js reads AUTH_SECRET when configured.
const { handlers } = await import("./auth");

describe("publicRedirect", () => {
  const PUBLIC = "https://app.luneo.example";

  it("puts relative URLs on PUBLIC_URL", () => {
    expect(publicRedirect("/dashboard", PUBLIC)).toBe(`${PUBLIC}/dashboard`);
    expect(publicRedirect("/contacts?q=a#x", PUBLIC)).toBe(`${PUBLIC}/contacts?q=a#x`);
  });

  it("keeps absolute URLs on PUBLIC_URL's origin and sends every other one to PUBLIC_URL", () => {
    expect(publicRedirect(`${PUBLIC}/onboarding`, PUBLIC)).toBe(`${PUBLIC}/onboarding`);
    for (const url of [
      "https://evil.example/dashboard",
      "//evil.example/dashboard",
      "/\\evil.example",
      "http://app.luneo.example/dashboard",
      "javascript:alert(1)",
    ]) {
      expect(publicRedirect(url, PUBLIC)).toMatch(new RegExp(`^${PUBLIC}/`));
    }
  });
});

// Auth.js's own endpoints, called as Next calls the route handler (app/api/auth/[...nextauth]).
async function postCredentials(
  headers: Record<string, string>,
  form: { email: string; password: string },
): Promise<Response> {
  const host = headers["x-forwarded-host"] ?? "127.0.0.1";
  const csrf = await handlers.GET(new NextRequest(`http://${host}/api/auth/csrf`, { headers }));
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  return handlers.POST(
    new NextRequest(`http://${host}/api/auth/callback/credentials`, {
      method: "POST",
      headers: { ...headers, cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ ...form, csrfToken, callbackUrl: "/dashboard" }),
    }),
  );
}

describe("POST /api/auth/callback/credentials", () => {
  let owner: TestOwner;
  beforeAll(async () => {
    owner = await createOwner();
  });

  it("with a forged X-Forwarded-Host, redirects the signed-in user to PUBLIC_URL", async () => {
    const response = await postCredentials(
      {
        host: "evil.example",
        "x-forwarded-host": "evil.example",
        "x-forwarded-proto": "https",
        "x-forwarded-for": "192.0.2.10",
      },
      { email: owner.email, password: TEST_PASSWORD },
    );
    expect(response.status).toBe(302);
    // Signed in (a session cookie was set)…
    expect(response.headers.getSetCookie().some((c) => c.includes("session-token="))).toBe(true);
    // …and sent to the configured public URL.
    expect(response.headers.get("location")).toBe(
      `${env().PUBLIC_URL.replace(/\/$/, "")}/dashboard`,
    );
  });

  it("limits by the socket address however the client varies X-Forwarded-For", async () => {
    const target = await createOwner();
    // What the (patched) server hands the route: the client's header, then the TCP peer.
    const peer = "203.0.113.77";
    const fromPeer = () => ({
      "x-forwarded-for": `${randomIp()}, ${randomIp()}, ${peer}`,
    });
    for (let i = 0; i < SIGN_IN_LIMITS.perAccountAndIp.failures; i++) {
      const failed = await postCredentials(fromPeer(), { email: target.email, password: "wrong" });
      expect(failed.headers.get("location")).toMatch(/error=CredentialsSignin&code=credentials/);
    }
    const limited = await postCredentials(fromPeer(), {
      email: target.email,
      password: TEST_PASSWORD,
    });
    expect(limited.headers.get("location")).toMatch(/error=CredentialsSignin&code=rate_limited/);
    // The owner, from another socket address, still gets in.
    const owner = await postCredentials(
      { "x-forwarded-for": `${peer}, 198.51.100.5` },
      { email: target.email, password: TEST_PASSWORD },
    );
    expect(owner.headers.getSetCookie().some((c) => c.includes("session-token="))).toBe(true);
  });
});

function randomIp() {
  const n = () => Math.floor(Math.random() * 254) + 1;
  return `${n()}.${n()}.${n()}.${n()}`;
}
