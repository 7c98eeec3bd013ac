import { bigint, integer, pgTable, varchar } from "drizzle-orm/pg-core";

// The store of rate-limiter-flexible's RateLimiterPostgres (lib/auth/rate-limit.ts), shared by
// every app process: sign-in failures, sign-ups, API keys. Its shape is the library's own
// (key varchar(255) primary key, points, expire in epoch milliseconds); it is created here by a
// migration so the runtime role never needs CREATE. Keys are "<limiter>:<hash or IP>", never an
// email or other string a client chose. Not tenant data: only the system role reads or writes it.
export const rateLimits = pgTable("rate_limits", {
  key: varchar({ length: 255 }).primaryKey(),
  points: integer().notNull().default(0),
  expire: bigint({ mode: "number" }),
});
