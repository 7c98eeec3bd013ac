-- Row-level security for the mail outbox and the one-time account links (see
-- 0001_enable-row-level-security.sql).
-- An org's outbox is tenant data: its owners and admins list it on Settings → Outbox.
SELECT luneo_protect_tenant_table('outbox_messages');
--> statement-breakpoint
-- Mail about an account (password resets, email verification) and the hashed links themselves
-- belong to no org: only the system role may touch them, like rate_limits. luneo_app matches no
-- policy and sees nothing.
ALTER TABLE account_messages ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE account_messages FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY system_access ON account_messages TO luneo_system USING (true) WITH CHECK (true);
--> statement-breakpoint
ALTER TABLE password_resets ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE password_resets FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY system_access ON password_resets TO luneo_system USING (true) WITH CHECK (true);
--> statement-breakpoint
ALTER TABLE email_verifications ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE email_verifications FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY system_access ON email_verifications TO luneo_system USING (true) WITH CHECK (true);
