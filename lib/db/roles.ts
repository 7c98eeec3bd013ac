import postgres from "postgres";

// The database roles (docs/adr/0009). DATABASE_URL is the owner: it migrates and installs
// pg-boss's schema, and the running app never queries through it. Requests log in as:
//   luneo_app     tenant and user work (withTenant, withUser, the webhook inbox): row-level security
//                 always applies, and the role can become nothing else.
//   luneo_system  the audited cross-tenant path (withSystem) and the job queue, on its own pool.
// Both roles are created by the enable-row-level-security migration and given LOGIN by the
// runtime-login-roles migration; neither is a superuser, bypasses RLS, creates roles or databases,
// or is a member of a role that does.

export const APP_ROLE = "luneo_app";
export const SYSTEM_ROLE = "luneo_system";

export type RoleUrls = { app: string; system: string };

/** `url` with its user and password replaced (host, port, database and options kept). */
export function withLogin(url: string, user: string, password: string | undefined): string {
  const u = new URL(url);
  u.username = user;
  u.password = password ? encodeURIComponent(password) : "";
  return u.toString();
}

/**
 * The runtime URLs: DATABASE_APP_URL / DATABASE_SYSTEM_URL when set, otherwise DATABASE_URL's
 * server and database with the login roles and DATABASE_ROLE_PASSWORD (none with trust auth).
 */
export function runtimeUrls(source: {
  DATABASE_URL: string;
  DATABASE_APP_URL?: string | undefined;
  DATABASE_SYSTEM_URL?: string | undefined;
  DATABASE_ROLE_PASSWORD?: string | undefined;
}): RoleUrls {
  return {
    app:
      source.DATABASE_APP_URL ??
      withLogin(source.DATABASE_URL, APP_ROLE, source.DATABASE_ROLE_PASSWORD),
    system:
      source.DATABASE_SYSTEM_URL ??
      withLogin(source.DATABASE_URL, SYSTEM_ROLE, source.DATABASE_ROLE_PASSWORD),
  };
}

// Generated local passwords are base64url; anything else is refused rather than quoted wrongly.
const SAFE_PASSWORD = /^[A-Za-z0-9_\-.~]{16,200}$/;

/**
 * Sets the login roles' password (ALTER ROLE takes no bind parameters, hence the strict format).
 * Roles are cluster-wide: this only sets a password, never changes what a role may do, so other
 * databases on the same server (and runs using them) are unaffected.
 */
export async function setLoginPassword(sql: postgres.Sql, password: string): Promise<void> {
  if (!SAFE_PASSWORD.test(password)) {
    throw new Error(
      "DATABASE_ROLE_PASSWORD must be 16 to 200 characters of A-Z a-z 0-9 - _ . ~ (e.g. openssl rand -hex 24)",
    );
  }
  for (const role of [APP_ROLE, SYSTEM_ROLE]) {
    // Two starts at once (dev server and e2e on one embedded server) can race on the same role
    // row ("tuple concurrently updated"): the value is the same, so one more try settles it.
    for (let attempt = 1; ; attempt++) {
      try {
        await sql.unsafe(`alter role ${role} password '${password}'`);
        break;
      } catch (error) {
        if (attempt >= 3) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
      }
    }
  }
}
