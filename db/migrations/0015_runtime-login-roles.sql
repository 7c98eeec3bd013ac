-- The app logs in as the roles that row-level security is written for (docs/adr/0009), instead of
-- connecting as the owner or a superuser and switching role per transaction: inside a transaction
-- RESET ROLE went back to the connecting role, so one SQL injection would have left RLS behind.
--   luneo_app     the tenant pool (withTenant, withUser, the webhook inbox)
--   luneo_system  its own pool (withSystem, the job queue)
-- DATABASE_URL stays the owner, for migrations and pg-boss's schema only.
--
-- Roles are cluster-wide and other databases on the server may be using them right now: this only
-- ever adds LOGIN (a role that already has it is left alone) and never changes what a role may do.
-- Passwords are set by the migrate step when DATABASE_ROLE_PASSWORD is given (lib/db/roles.ts).

DO $$
DECLARE
  r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['luneo_app', 'luneo_system'] LOOP
    IF NOT (SELECT rolcanlogin FROM pg_roles WHERE rolname = r) THEN
      BEGIN
        EXECUTE format('ALTER ROLE %I LOGIN', r);
      EXCEPTION WHEN OTHERS THEN
        -- Another database's migration did it at the same moment ("tuple concurrently updated").
        IF NOT (SELECT rolcanlogin FROM pg_roles WHERE rolname = r) THEN RAISE; END IF;
      END;
    END IF;
  END LOOP;
END $$;
--> statement-breakpoint
-- A login role that could become more than itself would undo the point: refuse to go on.
DO $$
DECLARE
  r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['luneo_app', 'luneo_system'] LOOP
    IF EXISTS (
      SELECT 1 FROM pg_roles
       WHERE rolname = r AND (rolsuper OR rolbypassrls OR rolcreaterole OR rolcreatedb OR rolreplication)
    ) THEN
      RAISE EXCEPTION 'role % must not be a superuser or have BYPASSRLS, CREATEROLE, CREATEDB or REPLICATION', r;
    END IF;
    IF EXISTS (
      SELECT 1 FROM pg_roles p
       WHERE p.rolname <> r AND pg_has_role(r, p.oid, 'MEMBER')
         AND (p.rolsuper OR p.rolbypassrls OR p.rolcreaterole OR p.rolname IN ('luneo_app', 'luneo_system',
                'pg_read_all_data', 'pg_write_all_data', 'pg_read_server_files', 'pg_write_server_files',
                'pg_execute_server_program')
              OR EXISTS (SELECT 1 FROM pg_database d WHERE d.datdba = p.oid)
              OR EXISTS (SELECT 1 FROM pg_class c WHERE c.relowner = p.oid AND c.relnamespace = 'public'::regnamespace))
    ) THEN
      RAISE EXCEPTION 'role % must not be a member of a privileged role, an owner, or the other luneo role', r;
    END IF;
  END LOOP;
END $$;
--> statement-breakpoint
DO $$
BEGIN
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO luneo_app, luneo_system', current_database());
END $$;
--> statement-breakpoint
-- The readiness probe counts applied migrations through the app's own pool.
GRANT USAGE ON SCHEMA drizzle TO luneo_app, luneo_system;
--> statement-breakpoint
GRANT SELECT ON drizzle.__drizzle_migrations TO luneo_app, luneo_system;
