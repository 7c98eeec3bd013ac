// npm run db:migrate — applies pending migrations to DATABASE_URL.
import { runMigrations } from "@/lib/db/migrate";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error(
    "DATABASE_URL is not set. Example: DATABASE_URL=postgres://postgres@127.0.0.1:5432/luneo npm run db:migrate",
  );
  process.exit(1);
}
await runMigrations(url);
console.log("Migrations applied.");
