-- Row-level security for the verticals and onboarding tables (see 0001_enable-row-level-security.sql).
SELECT luneo_protect_tenant_table('org_verticals');
--> statement-breakpoint
SELECT luneo_protect_tenant_table('onboarding_progress');
--> statement-breakpoint
-- Templates are global and read by every org; only the migrate script (as the owner) inserts them.
ALTER TABLE vertical_templates ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE vertical_templates FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY read_templates ON vertical_templates FOR SELECT TO luneo_app, luneo_system USING (true);
--> statement-breakpoint
-- A published template version is never edited in place: a change is a new version. The trigger
-- makes that a rule of the database, not a habit (orgs pin versions; their resolved configuration
-- and upgrade previews depend on a version meaning one content forever).
CREATE OR REPLACE FUNCTION luneo_vertical_templates_are_immutable() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'vertical template %/v% is published: add a new version instead of changing it',
    OLD.slug, OLD.version USING ERRCODE = 'integrity_constraint_violation';
END $$;
--> statement-breakpoint
CREATE TRIGGER vertical_templates_immutable BEFORE UPDATE OR DELETE ON vertical_templates
  FOR EACH ROW EXECUTE FUNCTION luneo_vertical_templates_are_immutable();
--> statement-breakpoint
-- The migrate script publishes new versions from code as luneo_system (lib/verticals/publish.ts).
CREATE POLICY publish_templates ON vertical_templates FOR INSERT TO luneo_system WITH CHECK (true);
