-- Custom SQL migration file, put your code below! --
-- The webhook receiver keeps each endpoint and its decrypted secrets in memory for a few seconds
-- (lib/webhooks/endpoint-cache.ts). Any change to what it keeps — a secret added, rotated or
-- expired by hand, a channel edited or disconnected, the org renamed — tells every process at
-- once, so a revoked secret stops working at the next request, not at the end of the cache's
-- lifetime (which remains the bound if a notification is missed). The payload is the org's id.
CREATE OR REPLACE FUNCTION luneo_notify_channel_changed() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
  v_row record;
BEGIN
  IF TG_OP = 'DELETE' THEN v_row := OLD; ELSE v_row := NEW; END IF;
  IF TG_TABLE_NAME = 'orgs' THEN
    PERFORM pg_notify('luneo_channel_changed', v_row.id::text);
  ELSE
    PERFORM pg_notify('luneo_channel_changed', v_row.org_id::text);
  END IF;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
CREATE TRIGGER channel_connections_notify AFTER INSERT OR UPDATE OR DELETE ON channel_connections
  FOR EACH ROW EXECUTE FUNCTION luneo_notify_channel_changed();
--> statement-breakpoint
CREATE TRIGGER channel_secrets_notify AFTER INSERT OR UPDATE OR DELETE ON channel_secrets
  FOR EACH ROW EXECUTE FUNCTION luneo_notify_channel_changed();
--> statement-breakpoint
CREATE TRIGGER orgs_notify_channels AFTER UPDATE OR DELETE ON orgs
  FOR EACH ROW EXECUTE FUNCTION luneo_notify_channel_changed();
