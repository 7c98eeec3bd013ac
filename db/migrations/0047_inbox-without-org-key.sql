ALTER TABLE "webhook_events" DROP CONSTRAINT "webhook_events_org_id_orgs_id_fk";
