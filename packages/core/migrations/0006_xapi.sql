CREATE TYPE "public"."xapi_document_kind" AS ENUM('state', 'activity_profile', 'agent_profile');--> statement-breakpoint
CREATE TYPE "public"."xapi_scope" AS ENUM('read', 'write');--> statement-breakpoint
CREATE TABLE "xapi_activities" (
	"organization_id" uuid NOT NULL,
	"activity_id" text NOT NULL,
	"definition" jsonb,
	"competency_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"mapped_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "xapi_activities_organization_id_activity_id_pk" PRIMARY KEY("organization_id","activity_id")
);
--> statement-breakpoint
CREATE TABLE "xapi_attachments" (
	"organization_id" uuid NOT NULL,
	"sha2" text NOT NULL,
	"content_type" text NOT NULL,
	"content" "bytea" NOT NULL,
	CONSTRAINT "xapi_attachments_organization_id_sha2_pk" PRIMARY KEY("organization_id","sha2")
);
--> statement-breakpoint
CREATE TABLE "xapi_clients" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"name" text NOT NULL,
	"key" text NOT NULL,
	"secret_hash" text NOT NULL,
	"scopes" "xapi_scope"[] NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "xapi_documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"kind" "xapi_document_kind" NOT NULL,
	"activity_id" text NOT NULL,
	"agent_key" text NOT NULL,
	"registration" text NOT NULL,
	"document_id" text NOT NULL,
	"content_type" text NOT NULL,
	"content" "bytea" NOT NULL,
	"etag" text NOT NULL,
	"updated" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "xapi_statements" (
	"organization_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"seq" bigserial NOT NULL,
	"client_id" uuid,
	"statement" jsonb NOT NULL,
	"stored" timestamp (3) with time zone NOT NULL,
	"actor_key" text,
	"object_agent_key" text,
	"verb_id" text NOT NULL,
	"activity_id" text,
	"ref_id" uuid,
	"registration" uuid,
	"related_agent_keys" text[] NOT NULL,
	"related_activity_ids" text[] NOT NULL,
	"voided" boolean DEFAULT false NOT NULL,
	"is_voiding" boolean DEFAULT false NOT NULL,
	CONSTRAINT "xapi_statements_organization_id_id_pk" PRIMARY KEY("organization_id","id")
);
--> statement-breakpoint
ALTER TABLE "xapi_activities" ADD CONSTRAINT "xapi_activities_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "xapi_activities" ADD CONSTRAINT "xapi_activities_mapped_by_users_id_fk" FOREIGN KEY ("mapped_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "xapi_attachments" ADD CONSTRAINT "xapi_attachments_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "xapi_clients" ADD CONSTRAINT "xapi_clients_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "xapi_clients" ADD CONSTRAINT "xapi_clients_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "xapi_documents" ADD CONSTRAINT "xapi_documents_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "xapi_statements" ADD CONSTRAINT "xapi_statements_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "xapi_statements" ADD CONSTRAINT "xapi_statements_client_id_xapi_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."xapi_clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "xapi_clients_key_unique" ON "xapi_clients" USING btree ("key");--> statement-breakpoint
CREATE INDEX "xapi_clients_org_idx" ON "xapi_clients" USING btree ("organization_id");--> statement-breakpoint
CREATE UNIQUE INDEX "xapi_documents_unique" ON "xapi_documents" USING btree ("organization_id","kind","activity_id","agent_key","registration","document_id");--> statement-breakpoint
CREATE UNIQUE INDEX "xapi_statements_seq_unique" ON "xapi_statements" USING btree ("seq");--> statement-breakpoint
CREATE INDEX "xapi_statements_org_seq_idx" ON "xapi_statements" USING btree ("organization_id","seq");--> statement-breakpoint
CREATE INDEX "xapi_statements_actor_idx" ON "xapi_statements" USING btree ("organization_id","actor_key","verb_id","seq");--> statement-breakpoint
CREATE INDEX "xapi_statements_object_agent_idx" ON "xapi_statements" USING btree ("organization_id","object_agent_key","seq") WHERE "xapi_statements"."object_agent_key" is not null;--> statement-breakpoint
CREATE INDEX "xapi_statements_verb_idx" ON "xapi_statements" USING btree ("organization_id","verb_id","seq");--> statement-breakpoint
CREATE INDEX "xapi_statements_activity_idx" ON "xapi_statements" USING btree ("organization_id","activity_id","seq");--> statement-breakpoint
CREATE INDEX "xapi_statements_ref_idx" ON "xapi_statements" USING btree ("organization_id","ref_id") WHERE "xapi_statements"."ref_id" is not null;--> statement-breakpoint
CREATE INDEX "xapi_statements_registration_idx" ON "xapi_statements" USING btree ("organization_id","registration") WHERE "xapi_statements"."registration" is not null;--> statement-breakpoint
CREATE INDEX "xapi_statements_related_agents_idx" ON "xapi_statements" USING gin ("related_agent_keys");--> statement-breakpoint
CREATE INDEX "xapi_statements_related_activities_idx" ON "xapi_statements" USING gin ("related_activity_ids");