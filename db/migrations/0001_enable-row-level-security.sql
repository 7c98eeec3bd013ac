-- Row-level security, the second wall behind the org filter in code (see docs/adr/0002).
--
-- The app connects as whatever role DATABASE_URL names (often the table owner or a superuser,
-- both of which would skip RLS). Every transaction therefore switches role first:
--   luneo_app     tenant work; sees rows of app.org_id only (or, in a user-scoped transaction,
--                 the signed-in user's own memberships)
--   luneo_system  the one explicit, logged path for work that must cross tenants
-- The connecting role itself matches no policy, so a query run outside both sees nothing.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'luneo_app') THEN
    CREATE ROLE luneo_app NOLOGIN NOBYPASSRLS;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'luneo_system') THEN
    CREATE ROLE luneo_system NOLOGIN NOBYPASSRLS;
  END IF;
END $$;
--> statement-breakpoint
DO $$
BEGIN
  -- The connecting role must be able to SET ROLE to both. A superuser can already.
  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    EXECUTE format('GRANT luneo_app, luneo_system TO %I', current_user);
  END IF;
END $$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO luneo_app, luneo_system;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO luneo_app, luneo_system;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO luneo_app, luneo_system;
--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO luneo_app, luneo_system;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO luneo_app, luneo_system;
--> statement-breakpoint
-- NULL when unset: a reset local setting reads back as '' rather than NULL, hence nullif.
CREATE OR REPLACE FUNCTION luneo_current_org() RETURNS uuid
  LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('app.org_id', true), '')::uuid $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION luneo_current_user() RETURNS uuid
  LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('app.user_id', true), '')::uuid $$;
--> statement-breakpoint
-- Every tenant table calls this once in the migration that creates it.
CREATE OR REPLACE FUNCTION luneo_protect_tenant_table(tbl regclass) RETURNS void
  LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tbl);
  EXECUTE format('DROP POLICY IF EXISTS tenant_isolation ON %s', tbl);
  EXECUTE format(
    'CREATE POLICY tenant_isolation ON %s TO luneo_app
       USING (org_id = luneo_current_org()) WITH CHECK (org_id = luneo_current_org())', tbl);
  EXECUTE format('DROP POLICY IF EXISTS system_access ON %s', tbl);
  EXECUTE format(
    'CREATE POLICY system_access ON %s TO luneo_system USING (true) WITH CHECK (true)', tbl);
END $$;
--> statement-breakpoint
SELECT luneo_protect_tenant_table('invitations');
--> statement-breakpoint
SELECT luneo_protect_tenant_table('api_keys');
--> statement-breakpoint
SELECT luneo_protect_tenant_table('audit_log');
--> statement-breakpoint
-- memberships: the tenant's rows, or — in a user-scoped transaction, where no org is set — the
-- signed-in user's own memberships (how the org switcher lists a user's orgs).
SELECT luneo_protect_tenant_table('memberships');
--> statement-breakpoint
CREATE POLICY own_memberships ON memberships FOR SELECT TO luneo_app
  USING (luneo_current_org() IS NULL AND user_id = luneo_current_user());
--> statement-breakpoint
ALTER TABLE orgs ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE orgs FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON orgs TO luneo_app
  USING (id = luneo_current_org()) WITH CHECK (id = luneo_current_org());
--> statement-breakpoint
CREATE POLICY own_orgs ON orgs FOR SELECT TO luneo_app
  USING (luneo_current_org() IS NULL AND id IN (SELECT org_id FROM memberships));
--> statement-breakpoint
CREATE POLICY system_access ON orgs TO luneo_system USING (true) WITH CHECK (true);
--> statement-breakpoint
-- users are global: a tenant sees the members of its org, a user-scoped transaction sees itself.
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE users FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY members_of_org ON users FOR SELECT TO luneo_app
  USING (id = luneo_current_user() OR EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = users.id));
--> statement-breakpoint
CREATE POLICY system_access ON users TO luneo_system USING (true) WITH CHECK (true);
--> statement-breakpoint
-- rate_limits: system role only; luneo_app matches no policy and sees nothing.
ALTER TABLE rate_limits ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE rate_limits FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY system_access ON rate_limits TO luneo_system USING (true) WITH CHECK (true);
