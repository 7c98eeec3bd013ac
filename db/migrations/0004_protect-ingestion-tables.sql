-- Row-level security for the ingestion tables (see 0001_enable-row-level-security.sql).
SELECT luneo_protect_tenant_table('channel_connections');
--> statement-breakpoint
SELECT luneo_protect_tenant_table('channel_secrets');
--> statement-breakpoint
SELECT luneo_protect_tenant_table('webhook_events');
--> statement-breakpoint
SELECT luneo_protect_tenant_table('contacts');
--> statement-breakpoint
SELECT luneo_protect_tenant_table('conversations');
--> statement-breakpoint
SELECT luneo_protect_tenant_table('messages');
--> statement-breakpoint
SELECT luneo_protect_tenant_table('timeline_events');
--> statement-breakpoint
SELECT luneo_protect_tenant_table('domain_events');
