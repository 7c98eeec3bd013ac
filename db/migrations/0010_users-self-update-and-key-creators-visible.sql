-- Two narrow additions to the users policies of the enable-row-level-security migration.
--
-- 1. A person may update their own row, and only in a transaction that names them as app.user_id
--    (withUser, or the profile page's transaction that also writes its audit entry to the current
--    org): the profile page changes the name and password, sign-out bumps session_version. A plain
--    tenant transaction sets no user, so an org admin can never touch a member's account.
CREATE POLICY update_self ON users FOR UPDATE TO luneo_app
  USING (id = luneo_current_user())
  WITH CHECK (id = luneo_current_user());
--> statement-breakpoint
-- 2. A tenant sees the people who made or were handed its API keys, members or not: the key list
--    keeps saying who made a key after that person left the org. api_keys' own policy limits the
--    subquery to the current org.
CREATE POLICY creators_of_org_keys ON users FOR SELECT TO luneo_app
  USING (EXISTS (SELECT 1 FROM api_keys k WHERE k.created_by = users.id OR k.handed_over_to = users.id));
