ALTER TABLE "learning_signals" ALTER COLUMN "conversation_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "learning_signals" ALTER COLUMN "seq" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "learning_gaps" ADD COLUMN "snoozed_until" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "learning_signals" ADD COLUMN "external_id" text;--> statement-breakpoint
ALTER TABLE "learning_signals" ADD COLUMN "pinned" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "learning_signals_org_external_id_key" ON "learning_signals" USING btree ("org_id","external_id");