ALTER TABLE "webhook_events" ADD COLUMN "is_test" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "test_only" boolean DEFAULT false NOT NULL;