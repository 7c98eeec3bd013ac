CREATE TABLE "telephony_charges" (
	"org_id" uuid NOT NULL,
	"sid" text NOT NULL,
	"kind" text NOT NULL,
	"amount" numeric(12, 5) NOT NULL,
	"unit" text NOT NULL,
	"reported_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "telephony_charges_org_id_sid_pk" PRIMARY KEY("org_id","sid")
);
--> statement-breakpoint
ALTER TABLE "roi_daily_rollups" ADD COLUMN "telephony_cost" numeric(14, 4) DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "telephony_charges" ADD CONSTRAINT "telephony_charges_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;