-- Row-level security for the health rollups and counters (lib/health; see 0031). Tenant data: an
-- org sees its own uptime days, refused-signature counts and assistant-request figures. The
-- uptime days are filled by the health evaluations themselves (from 90 days back for an org that
-- has none yet), so no backfill is written here.
SELECT luneo_protect_tenant_table('component_uptime_days');
--> statement-breakpoint
SELECT luneo_protect_tenant_table('webhook_signature_refusals');
--> statement-breakpoint
SELECT luneo_protect_tenant_table('assistant_request_stats');
--> statement-breakpoint
-- platform_request_stats: no org, system role only (like rate_limits); luneo_app sees nothing.
ALTER TABLE platform_request_stats ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE platform_request_stats FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY system_access ON platform_request_stats TO luneo_system USING (true) WITH CHECK (true);
