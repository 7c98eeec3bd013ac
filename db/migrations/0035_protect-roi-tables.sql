-- Row-level security for the ROI tables (see 0001_enable-row-level-security.sql and docs/adr/0017).
SELECT luneo_protect_tenant_table('roi_settings_versions');
--> statement-breakpoint
SELECT luneo_protect_tenant_table('roi_daily_rollups');
--> statement-breakpoint
SELECT luneo_protect_tenant_table('roi_refresh_state');
