-- webhook_events has no foreign key to orgs any more (0047, docs/adr/0020): the key's check locked
-- the org's row on every event the receiver stored. What ON DELETE CASCADE did, this trigger does:
-- an org's deletion deletes its inbox. SECURITY DEFINER, as the cascade ran whoever deleted the
-- org; the table forces row-level security even on its owner, so the delete enters the deleted
-- org's scope (and gives the transaction back the scope it had).
CREATE OR REPLACE FUNCTION luneo_orgs_delete_webhook_events() RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = public, pg_temp
AS $fn$
DECLARE
  v_scope text := current_setting('app.org_id', true);
BEGIN
  PERFORM set_config('app.org_id', OLD.id::text, true);
  DELETE FROM webhook_events WHERE org_id = OLD.id;
  PERFORM set_config('app.org_id', coalesce(v_scope, ''), true);
  RETURN OLD;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION luneo_orgs_delete_webhook_events() FROM PUBLIC;
--> statement-breakpoint
DROP TRIGGER IF EXISTS luneo_orgs_delete_webhook_events ON orgs;
--> statement-breakpoint
CREATE TRIGGER luneo_orgs_delete_webhook_events
  AFTER DELETE ON orgs
  FOR EACH ROW EXECUTE FUNCTION luneo_orgs_delete_webhook_events();
