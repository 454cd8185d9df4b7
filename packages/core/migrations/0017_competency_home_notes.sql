CREATE TABLE "competency_home_notes" (
	"organization_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"competency_id" uuid NOT NULL,
	"body" text NOT NULL,
	"language" text NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "competency_home_notes_school_id_competency_id_pk" PRIMARY KEY("school_id","competency_id")
);
--> statement-breakpoint
ALTER TABLE "competency_home_notes" ADD CONSTRAINT "competency_home_notes_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competency_home_notes" ADD CONSTRAINT "competency_home_notes_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competency_home_notes" ADD CONSTRAINT "competency_home_notes_competency_id_competencies_id_fk" FOREIGN KEY ("competency_id") REFERENCES "public"."competencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competency_home_notes" ADD CONSTRAINT "competency_home_notes_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "competency_home_notes_competency_idx" ON "competency_home_notes" USING btree ("competency_id");