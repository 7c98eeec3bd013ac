-- Row-level security for the actions registry's tables (lib/agent-actions, docs/adr/0016): each
-- belongs to one org, like contacts (see 0001_enable-row-level-security.sql).
SELECT luneo_protect_tenant_table('action_settings');
--> statement-breakpoint
SELECT luneo_protect_tenant_table('action_executions');
--> statement-breakpoint
SELECT luneo_protect_tenant_table('action_circuits');
--> statement-breakpoint
SELECT luneo_protect_tenant_table('tasks');
