import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url)).replace(/\/$/, "");

export default defineConfig({
  resolve: {
    alias: [
      // Same as tsconfig's `@/*` (a regex, so scoped packages like `@node-rs/argon2` are untouched).
      { find: /^@\//, replacement: `${root}/` },
      // `server-only` throws outside React Server Components; tests import server modules directly.
      { find: /^server-only$/, replacement: `${root}/test/empty-module.ts` },
    ],
  },
  test: {
    environment: "node",
    include: ["**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/.next/**", "e2e/**", "**/.data/**"],
    // One PostgreSQL server and one migrated template per run; each integration file clones it
    // (test/db.ts), so files run in parallel without sharing rows.
    globalSetup: ["test/global-setup.ts"],
    pool: "forks",
    // next-auth imports "next/server" without an extension, which Node's ESM loader refuses:
    // let Vite resolve it (lib/auth/redirect.test.ts calls Auth.js's route handlers).
    server: { deps: { inline: ["next-auth"] } },
    testTimeout: 20_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
  },
});
