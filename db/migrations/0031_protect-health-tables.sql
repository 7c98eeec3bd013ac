-- Row-level security for the health tables (lib/health; see 0001_enable-row-level-security.sql).
-- All are tenant data: an org sees its own components, checks, incidents and alert settings. The
-- public status page reads one org's rows through the system role after finding the org by slug.
SELECT luneo_protect_tenant_table('component_status_periods');
--> statement-breakpoint
SELECT luneo_protect_tenant_table('credential_checks');
--> statement-breakpoint
SELECT luneo_protect_tenant_table('incidents');
--> statement-breakpoint
SELECT luneo_protect_tenant_table('incident_updates');
--> statement-breakpoint
SELECT luneo_protect_tenant_table('health_settings');
--> statement-breakpoint
SELECT luneo_protect_tenant_table('alert_deliveries');
