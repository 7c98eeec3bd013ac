import { readFileSync } from "node:fs";
import { baseURL } from "../playwright.config";
import { SignInPage } from "./pages/auth-pages";
import { expect, newAccount, OWNER_FILE, test, type Account } from "./fixtures";

// Against the real server (patched Next, docs/adr/0008): headers a client forges must not pick
// its rate-limit address nor the site it is sent to after signing in.

test("a random X-Forwarded-For per request does not give a sign-in attacker fresh addresses", async ({
  page,
  request,
}) => {
  // An email with no account: the limits work the same, and no real user is blocked from here.
  const target = newAccount("target").email;
  const attempt = async (password: string) => {
    const forged = { "x-forwarded-for": randomIp() };
    const { csrfToken } = (await (
      await request.get("/api/auth/csrf", { headers: forged })
    ).json()) as { csrfToken: string };
    const response = await request.post("/api/auth/callback/credentials", {
      headers: { ...forged, "x-forwarded-for": randomIp() },
      form: { email: target, password, csrfToken, callbackUrl: "/dashboard" },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(302);
    return response.headers()["location"] ?? "";
  };
  for (let i = 0; i < 10; i++) {
    expect(await attempt(`wrong ${i}`)).toMatch(/code=credentials/);
  }
  expect(await attempt("wrong again")).toMatch(/code=rate_limited/);

  // The sign-in form (a server action, from the same socket address) says so too.
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(target, "yet another guess");
  await signIn.expectError("Too many failed sign-in attempts from this network.");
});

// The sign-in form's server action is already refused by Next when X-Forwarded-Host does not match
// Origin; Auth.js's own endpoint is where a forged host used to choose the redirect.
test("a forged X-Forwarded-Host does not choose where a signed-in user is sent", async ({
  request,
}) => {
  const owner: Account = JSON.parse(readFileSync(OWNER_FILE, "utf8"));
  const forged = { "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" };
  const { csrfToken } = (await (
    await request.get("/api/auth/csrf", { headers: forged })
  ).json()) as { csrfToken: string };
  const post = (password: string) =>
    request.post("/api/auth/callback/credentials", {
      headers: forged,
      form: { email: owner.email, password, csrfToken, callbackUrl: "/dashboard" },
      maxRedirects: 0,
    });
  // A wrong password: Auth.js's error page is on the server's own origin, never the forged one.
  const failed = await post("not the password");
  expect(failed.headers()["location"]).toMatch(/\/sign-in\?error=CredentialsSignin/);
  expect(failed.headers()["location"]).not.toContain("evil.example");

  const response = await post(owner.password);
  expect(response.status()).toBe(302);
  expect(response.headers()["set-cookie"]).toContain("session-token=");
  expect(response.headers()["location"]).toBe(`${baseURL}/dashboard`);
});

function randomIp() {
  const n = () => Math.floor(Math.random() * 254) + 1;
  return `${n()}.${n()}.${n()}.${n()}`;
}
