CREATE TABLE "assistant_request_stats" (
	"org_id" uuid NOT NULL,
	"minute" timestamp (3) with time zone NOT NULL,
	"answered" integer DEFAULT 0 NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL,
	"slow" integer DEFAULT 0 NOT NULL,
	"total_ms" double precision DEFAULT 0 NOT NULL,
	"max_ms" double precision DEFAULT 0 NOT NULL,
	CONSTRAINT "assistant_request_stats_org_id_minute_pk" PRIMARY KEY("org_id","minute")
);
--> statement-breakpoint
CREATE TABLE "component_uptime_days" (
	"org_id" uuid NOT NULL,
	"component" text NOT NULL,
	"day" date NOT NULL,
	"operational_minutes" double precision DEFAULT 0 NOT NULL,
	"degraded_minutes" double precision DEFAULT 0 NOT NULL,
	"partial_minutes" double precision DEFAULT 0 NOT NULL,
	"major_minutes" double precision DEFAULT 0 NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "component_uptime_days_org_id_component_day_pk" PRIMARY KEY("org_id","component","day")
);
--> statement-breakpoint
CREATE TABLE "platform_request_stats" (
	"minute" timestamp (3) with time zone NOT NULL,
	"surface" text NOT NULL,
	"requests" integer DEFAULT 0 NOT NULL,
	"server_errors" integer DEFAULT 0 NOT NULL,
	"total_ms" double precision DEFAULT 0 NOT NULL,
	"buckets" integer[] NOT NULL,
	CONSTRAINT "platform_request_stats_minute_surface_pk" PRIMARY KEY("minute","surface")
);
--> statement-breakpoint
CREATE TABLE "webhook_signature_refusals" (
	"org_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"minute" timestamp (3) with time zone NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "webhook_signature_refusals_org_id_provider_minute_pk" PRIMARY KEY("org_id","provider","minute")
);
--> statement-breakpoint
ALTER TABLE "assistant_request_stats" ADD CONSTRAINT "assistant_request_stats_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "component_uptime_days" ADD CONSTRAINT "component_uptime_days_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_signature_refusals" ADD CONSTRAINT "webhook_signature_refusals_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "component_status_periods_org_ended_idx" ON "component_status_periods" USING btree ("org_id","ended_at");