DROP INDEX "webhook_events_org_status_idx";--> statement-breakpoint
ALTER TABLE "webhook_events" ADD COLUMN "order_key" text;--> statement-breakpoint
ALTER TABLE "webhook_events" ADD COLUMN "next_attempt_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "webhook_events" ADD COLUMN "claimed_until" timestamp (3) with time zone;--> statement-breakpoint
CREATE INDEX "webhook_events_ended_badly_idx" ON "webhook_events" USING btree ("org_id","status","received_at" DESC NULLS LAST) WHERE status in ('rejected', 'dead_lettered');--> statement-breakpoint
CREATE INDEX "webhook_events_waiting_idx" ON "webhook_events" USING btree ("org_id","received_at","id") WHERE status in ('received', 'processing', 'failed');--> statement-breakpoint
CREATE INDEX "webhook_events_processing_idx" ON "webhook_events" USING btree ("org_id","order_key") WHERE status = 'processing';