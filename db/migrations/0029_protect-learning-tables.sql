-- Row-level security for the learning loop's tables (see 0001_enable-row-level-security.sql).
SELECT luneo_protect_tenant_table('learning_signals');
--> statement-breakpoint
SELECT luneo_protect_tenant_table('learning_gaps');
