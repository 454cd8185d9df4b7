-- Catalogue versions raised once per statement, not once per row: a framework import of thousands of
-- competencies raises its organization's version once per statement (each organization once), so
-- the boards' in-memory catalogue is rebuilt once after the import instead of being invalidated per
-- row. Item variants now count too: their interests are the items' topics on a board.
-- PostgreSQL allows a transition table only on a single-event trigger, hence three per table.
CREATE OR REPLACE FUNCTION pathwise_bump_catalogue_versions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO catalogue_versions AS v (organization_id, version)
  SELECT DISTINCT organization_id, 1 FROM changed_rows
  ON CONFLICT (organization_id) DO UPDATE SET version = v.version + 1;
  RETURN NULL;
END
$$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS resources_catalogue_version ON resources;
--> statement-breakpoint
CREATE TRIGGER resources_catalogue_insert AFTER INSERT ON resources
  REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION pathwise_bump_catalogue_versions();
--> statement-breakpoint
CREATE TRIGGER resources_catalogue_update AFTER UPDATE ON resources
  REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION pathwise_bump_catalogue_versions();
--> statement-breakpoint
CREATE TRIGGER resources_catalogue_delete AFTER DELETE ON resources
  REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION pathwise_bump_catalogue_versions();
--> statement-breakpoint
DROP TRIGGER IF EXISTS items_catalogue_version ON items;
--> statement-breakpoint
CREATE TRIGGER items_catalogue_insert AFTER INSERT ON items
  REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION pathwise_bump_catalogue_versions();
--> statement-breakpoint
CREATE TRIGGER items_catalogue_update AFTER UPDATE ON items
  REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION pathwise_bump_catalogue_versions();
--> statement-breakpoint
CREATE TRIGGER items_catalogue_delete AFTER DELETE ON items
  REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION pathwise_bump_catalogue_versions();
--> statement-breakpoint
DROP TRIGGER IF EXISTS resource_competencies_catalogue_version ON resource_competencies;
--> statement-breakpoint
CREATE TRIGGER resource_competencies_catalogue_insert AFTER INSERT ON resource_competencies
  REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION pathwise_bump_catalogue_versions();
--> statement-breakpoint
CREATE TRIGGER resource_competencies_catalogue_update AFTER UPDATE ON resource_competencies
  REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION pathwise_bump_catalogue_versions();
--> statement-breakpoint
CREATE TRIGGER resource_competencies_catalogue_delete AFTER DELETE ON resource_competencies
  REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION pathwise_bump_catalogue_versions();
--> statement-breakpoint
DROP TRIGGER IF EXISTS item_competencies_catalogue_version ON item_competencies;
--> statement-breakpoint
CREATE TRIGGER item_competencies_catalogue_insert AFTER INSERT ON item_competencies
  REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION pathwise_bump_catalogue_versions();
--> statement-breakpoint
CREATE TRIGGER item_competencies_catalogue_update AFTER UPDATE ON item_competencies
  REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION pathwise_bump_catalogue_versions();
--> statement-breakpoint
CREATE TRIGGER item_competencies_catalogue_delete AFTER DELETE ON item_competencies
  REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION pathwise_bump_catalogue_versions();
--> statement-breakpoint
DROP TRIGGER IF EXISTS competencies_catalogue_version ON competencies;
--> statement-breakpoint
CREATE TRIGGER competencies_catalogue_insert AFTER INSERT ON competencies
  REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION pathwise_bump_catalogue_versions();
--> statement-breakpoint
CREATE TRIGGER competencies_catalogue_update AFTER UPDATE ON competencies
  REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION pathwise_bump_catalogue_versions();
--> statement-breakpoint
CREATE TRIGGER competencies_catalogue_delete AFTER DELETE ON competencies
  REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION pathwise_bump_catalogue_versions();
--> statement-breakpoint
DROP TRIGGER IF EXISTS competency_edges_catalogue_version ON competency_edges;
--> statement-breakpoint
CREATE TRIGGER competency_edges_catalogue_insert AFTER INSERT ON competency_edges
  REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION pathwise_bump_catalogue_versions();
--> statement-breakpoint
CREATE TRIGGER competency_edges_catalogue_update AFTER UPDATE ON competency_edges
  REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION pathwise_bump_catalogue_versions();
--> statement-breakpoint
CREATE TRIGGER competency_edges_catalogue_delete AFTER DELETE ON competency_edges
  REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION pathwise_bump_catalogue_versions();
--> statement-breakpoint
CREATE TRIGGER item_variants_catalogue_insert AFTER INSERT ON item_variants
  REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION pathwise_bump_catalogue_versions();
--> statement-breakpoint
CREATE TRIGGER item_variants_catalogue_update AFTER UPDATE ON item_variants
  REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION pathwise_bump_catalogue_versions();
--> statement-breakpoint
CREATE TRIGGER item_variants_catalogue_delete AFTER DELETE ON item_variants
  REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION pathwise_bump_catalogue_versions();
--> statement-breakpoint
DROP FUNCTION IF EXISTS pathwise_bump_catalogue_version();
