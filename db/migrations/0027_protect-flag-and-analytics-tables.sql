-- Row-level security for lib/flags and lib/analytics (docs/adr/0012).
-- Overrides and opt-outs are tenant data: the org reads its own rows inside its tenant transaction,
-- staff write overrides through the system role.
SELECT luneo_protect_tenant_table('feature_flag_overrides');
--> statement-breakpoint
SELECT luneo_protect_tenant_table('analytics_opt_outs');
--> statement-breakpoint
-- The cached PostHog definitions belong to no org: like rate_limits, only the system role.
ALTER TABLE feature_flag_definitions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE feature_flag_definitions FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY system_access ON feature_flag_definitions TO luneo_system USING (true) WITH CHECK (true);
--> statement-breakpoint
SELECT luneo_protect_tenant_table('analytics_milestones');
