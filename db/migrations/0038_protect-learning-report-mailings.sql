-- Row-level security for the weekly report's mailing log (see 0001_enable-row-level-security.sql).
SELECT luneo_protect_tenant_table('learning_report_mailings');
