-- The engine's activity catalogue is kept in memory between requests and rebuilt when its
-- organization's catalogue version changes: every write to the tables it is built from raises it.
CREATE OR REPLACE FUNCTION pathwise_bump_catalogue_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO catalogue_versions AS v (organization_id, version)
  VALUES (CASE WHEN TG_OP = 'DELETE' THEN OLD.organization_id ELSE NEW.organization_id END, 1)
  ON CONFLICT (organization_id) DO UPDATE SET version = v.version + 1;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER resources_catalogue_version AFTER INSERT OR UPDATE OR DELETE ON resources
  FOR EACH ROW EXECUTE FUNCTION pathwise_bump_catalogue_version();
--> statement-breakpoint
CREATE TRIGGER items_catalogue_version AFTER INSERT OR UPDATE OR DELETE ON items
  FOR EACH ROW EXECUTE FUNCTION pathwise_bump_catalogue_version();
--> statement-breakpoint
CREATE TRIGGER resource_competencies_catalogue_version AFTER INSERT OR UPDATE OR DELETE ON resource_competencies
  FOR EACH ROW EXECUTE FUNCTION pathwise_bump_catalogue_version();
--> statement-breakpoint
CREATE TRIGGER item_competencies_catalogue_version AFTER INSERT OR UPDATE OR DELETE ON item_competencies
  FOR EACH ROW EXECUTE FUNCTION pathwise_bump_catalogue_version();
--> statement-breakpoint
CREATE TRIGGER competencies_catalogue_version AFTER INSERT OR UPDATE OR DELETE ON competencies
  FOR EACH ROW EXECUTE FUNCTION pathwise_bump_catalogue_version();
--> statement-breakpoint
CREATE TRIGGER competency_edges_catalogue_version AFTER INSERT OR UPDATE OR DELETE ON competency_edges
  FOR EACH ROW EXECUTE FUNCTION pathwise_bump_catalogue_version();
