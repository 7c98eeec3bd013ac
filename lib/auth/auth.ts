import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { log } from "@/lib/log";
import { signInSchema } from "@/lib/tenancy/schemas";
import { verifyCredentials } from "./credentials";
import { clientIp } from "./client-ip";
import { publicRedirect } from "./redirect";
import { currentSessionVersion } from "./session-user";

declare module "next-auth" {
  interface Session {
    /** The user's session version when this token was issued (see lib/auth/session-user.ts). */
    sessionVersion?: number;
  }
}

export class RateLimitedSignIn extends CredentialsSignin {
  override code = "rate_limited";
}

// Credentials sign-in with JWT sessions (Auth.js requires JWT for credentials). The token carries
// only the user id; org, role and permissions are read from the database on every request.
export const { handlers, auth, signIn, signOut } = NextAuth({
  session: { strategy: "jwt", maxAge: 7 * 24 * 60 * 60 },
  pages: { signIn: "/sign-in" },
  trustHost: true,
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(raw, request) {
        const parsed = signInSchema.safeParse(raw);
        if (!parsed.success) return null;
        const outcome = await verifyCredentials(
          parsed.data.email,
          parsed.data.password,
          clientIp(request.headers),
        );
        if (outcome.ok) return outcome.user;
        if (outcome.reason === "rate_limited") throw new RateLimitedSignIn();
        return null;
      },
    }),
  ],
  callbacks: {
    // Never the request's (forgeable) host: see lib/auth/redirect.ts.
    redirect: ({ url }) => publicRedirect(url),
    // Sessions are revocable: the token records the user's session version at sign-in, and every
    // request compares it with the database (lib/auth/session.ts). Only a sign-in sets it, so
    // refreshing a revoked token (POST /api/auth/session) cannot make it current again.
    async jwt({ token, user }) {
      if (user?.id) {
        token.uid = user.id;
        token.sv = await currentSessionVersion(user.id);
      }
      return token;
    },
    session({ session, token }) {
      if (typeof token.uid === "string") session.user.id = token.uid;
      if (typeof token.sv === "number") session.sessionVersion = token.sv;
      return session;
    },
  },
  logger: {
    // A wrong password is an expected outcome, not an error worth a stack trace.
    error(error) {
      if (error instanceof CredentialsSignin || error.name === "CredentialsSignin") return;
      log.error({ err: error }, "auth error");
    },
    warn(code) {
      log.warn({ code }, "auth warning");
    },
    debug() {},
  },
});
