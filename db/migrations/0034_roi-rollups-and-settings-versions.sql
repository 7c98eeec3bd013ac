CREATE TABLE "roi_daily_rollups" (
	"org_id" uuid NOT NULL,
	"day" date NOT NULL,
	"conversations" integer NOT NULL,
	"calls_answered" integer NOT NULL,
	"after_hours_calls" integer NOT NULL,
	"minutes_handled" numeric(12, 2) NOT NULL,
	"sms_handled" integer NOT NULL,
	"resolved" integer NOT NULL,
	"escalated" integer NOT NULL,
	"qualified_leads" integer NOT NULL,
	"bookings" integer NOT NULL,
	"evaluated" integer NOT NULL,
	"successful" integer NOT NULL,
	"agent_cost" numeric(14, 4) NOT NULL,
	"formula_version" smallint NOT NULL,
	"settings_from" date NOT NULL,
	"assumptions" jsonb NOT NULL,
	"terms" jsonb NOT NULL,
	"value" numeric(14, 4) NOT NULL,
	"cost" numeric(14, 4) NOT NULL,
	"net" numeric(14, 4) NOT NULL,
	"computed_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "roi_daily_rollups_org_id_day_pk" PRIMARY KEY("org_id","day")
);
--> statement-breakpoint
CREATE TABLE "roi_refresh_state" (
	"org_id" uuid NOT NULL,
	"refreshed_through" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "roi_refresh_state_org_id_pk" PRIMARY KEY("org_id")
);
--> statement-breakpoint
CREATE TABLE "roi_settings_versions" (
	"org_id" uuid NOT NULL,
	"effective_from" date NOT NULL,
	"formula_version" smallint NOT NULL,
	"assumptions" jsonb NOT NULL,
	"source" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "roi_settings_versions_org_id_effective_from_pk" PRIMARY KEY("org_id","effective_from")
);
--> statement-breakpoint
ALTER TABLE "roi_daily_rollups" ADD CONSTRAINT "roi_daily_rollups_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roi_refresh_state" ADD CONSTRAINT "roi_refresh_state_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roi_settings_versions" ADD CONSTRAINT "roi_settings_versions_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "conversations_org_started_idx" ON "conversations" USING btree ("org_id","started_at");--> statement-breakpoint
CREATE INDEX "conversations_org_updated_idx" ON "conversations" USING btree ("org_id","updated_at");