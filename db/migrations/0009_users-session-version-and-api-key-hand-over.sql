ALTER TABLE "users" ADD COLUMN "session_version" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "handed_over_to" uuid;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_handed_over_to_users_id_fk" FOREIGN KEY ("handed_over_to") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;