CREATE TYPE "public"."external_id_kind" AS ENUM('school', 'term', 'class', 'user');--> statement-breakpoint
CREATE TABLE "external_ids" (
	"organization_id" uuid NOT NULL,
	"system" text NOT NULL,
	"kind" "external_id_kind" NOT NULL,
	"external_id" text NOT NULL,
	"internal_id" uuid NOT NULL,
	CONSTRAINT "external_ids_organization_id_system_kind_external_id_pk" PRIMARY KEY("organization_id","system","kind","external_id")
);
--> statement-breakpoint
ALTER TABLE "external_ids" ADD CONSTRAINT "external_ids_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "external_ids_internal_idx" ON "external_ids" USING btree ("internal_id");