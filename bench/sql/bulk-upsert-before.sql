\timing on
-- The bulk commit's upsert as it was before 2026-12-02 (to_jsonb audit images, per-row 街道 trigger) on 100,000
-- synthetic 小区, under EXPLAIN ANALYZE, rolled back. psql -d <a migrated bench database> -f bench/sql/bulk-upsert-before.sql
-- (empties residential_areas first).
TRUNCATE residential_areas RESTART IDENTITY CASCADE; DELETE FROM audit_entries WHERE entity = 'residential_areas';
BEGIN;
CREATE TEMP TABLE import_staging (ordinal integer PRIMARY KEY, id bigint, boundary geometry(MultiPolygon,4326), location geometry(Point,4326),
  population integer, households integer, population_is_estimated boolean, kind text, completion_year integer, data_source text, source_crs text,
  created_at timestamptz, updated_at timestamptz, name text) ON COMMIT DROP;
SELECT setseed(0.2);
INSERT INTO import_staging SELECT k, NULL, NULL, ST_SetSRID(ST_MakePoint(119.20 + random() * 0.25, 25.98 + random() * 0.18), 4326),
  1000, 300, true, 'old', 1998, 'import: areas.csv', 'EPSG:4326', now(), now(), '小区' || k FROM generate_series(0, 99999) k;
UPDATE import_staging SET id = nextval(pg_get_serial_sequence('residential_areas', 'id')) WHERE id IS NULL;
EXPLAIN (ANALYZE, BUFFERS, TIMING)
WITH before AS (
  SELECT t.* FROM residential_areas t JOIN import_staging s USING (id)
), written AS (
  INSERT INTO residential_areas AS t (id, boundary, location, population, households, population_is_estimated, kind, completion_year, data_source, source_crs, created_at, updated_at, name)
  SELECT id, boundary, location, population, households, population_is_estimated, kind, completion_year, data_source, source_crs, created_at, updated_at, name FROM import_staging ORDER BY ordinal
  ON CONFLICT (id) DO UPDATE SET boundary = EXCLUDED.boundary
  RETURNING t.*, (t.xmax = 0) AS inserted
)
INSERT INTO audit_entries (at, actor, action, entity, entity_id, before, after)
SELECT now(), 'bench', CASE WHEN w.inserted THEN 'created' ELSE 'updated' END, 'residential_areas', w.id::text,
       (SELECT to_jsonb(b) FROM before b WHERE b.id = w.id), to_jsonb(w) - 'inserted'
  FROM written w;
ROLLBACK;
