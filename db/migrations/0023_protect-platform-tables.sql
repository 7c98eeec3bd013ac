-- Row-level security for the platform tables (see 0001_enable-row-level-security.sql and
-- docs/adr/0011). Neither belongs to an org: like rate_limits and the account links, only the system
-- role writes them (lib/staff, on the withSystem path), so luneo_app can neither grant itself staff
-- nor touch the platform's audit log.
ALTER TABLE platform_staff ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE platform_staff FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY system_access ON platform_staff TO luneo_system USING (true) WITH CHECK (true);
--> statement-breakpoint
-- A signed-in person may ask whether they are staff themselves (withUser names them): the /staff
-- check runs on the tenant pool and needs no cross-tenant access. Read only, own row only.
CREATE POLICY own_staff_row ON platform_staff FOR SELECT TO luneo_app
  USING (user_id = luneo_current_user());
--> statement-breakpoint
ALTER TABLE platform_audit_log ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE platform_audit_log FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY system_access ON platform_audit_log TO luneo_system USING (true) WITH CHECK (true);
