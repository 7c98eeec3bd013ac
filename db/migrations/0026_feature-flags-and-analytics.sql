CREATE TABLE "analytics_milestones" (
	"org_id" uuid NOT NULL,
	"milestone" text NOT NULL,
	"reached_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "analytics_milestones_org_id_milestone_pk" PRIMARY KEY("org_id","milestone")
);
--> statement-breakpoint
CREATE TABLE "analytics_opt_outs" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"opted_out_by" uuid,
	"opted_out_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "feature_flag_definitions" (
	"source" text PRIMARY KEY NOT NULL,
	"definitions" jsonb NOT NULL,
	"fetched_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "feature_flag_overrides" (
	"org_id" uuid NOT NULL,
	"flag_key" text NOT NULL,
	"enabled" boolean NOT NULL,
	"set_by" uuid,
	"set_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "feature_flag_overrides_org_id_flag_key_pk" PRIMARY KEY("org_id","flag_key")
);
--> statement-breakpoint
ALTER TABLE "analytics_milestones" ADD CONSTRAINT "analytics_milestones_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_opt_outs" ADD CONSTRAINT "analytics_opt_outs_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feature_flag_overrides" ADD CONSTRAINT "feature_flag_overrides_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;