CREATE TABLE "onboarding_progress" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"completed_steps" text[] DEFAULT '{}'::text[] NOT NULL,
	"connect_deferred_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "org_verticals" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"template_slug" text,
	"template_version" integer,
	"overrides" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"resolved" jsonb,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "template_pinned_whole" CHECK (("org_verticals"."template_slug" is null) = ("org_verticals"."template_version" is null) and ("org_verticals"."template_slug" is null) = ("org_verticals"."resolved" is null))
);
--> statement-breakpoint
CREATE TABLE "vertical_templates" (
	"slug" text NOT NULL,
	"version" integer NOT NULL,
	"content" jsonb NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "vertical_templates_slug_version_pk" PRIMARY KEY("slug","version"),
	CONSTRAINT "version_positive" CHECK ("vertical_templates"."version" > 0)
);
--> statement-breakpoint
ALTER TABLE "orgs" ADD COLUMN "timezone" text DEFAULT 'UTC' NOT NULL;--> statement-breakpoint
ALTER TABLE "onboarding_progress" ADD CONSTRAINT "onboarding_progress_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_verticals" ADD CONSTRAINT "org_verticals_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_verticals" ADD CONSTRAINT "org_verticals_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_verticals" ADD CONSTRAINT "org_verticals_template_slug_template_version_vertical_templates_slug_version_fk" FOREIGN KEY ("template_slug","template_version") REFERENCES "public"."vertical_templates"("slug","version") ON DELETE no action ON UPDATE no action;