-- Shared by bulk-upsert-now.sql and bulk-insert-parts.sql: empties residential_areas, opens the transaction both roll
-- back, and fills the bulk commit's staging table with the same 100,000 synthetic 小区 (seeded, so every run alike).
TRUNCATE residential_areas RESTART IDENTITY CASCADE; DELETE FROM audit_entries WHERE entity = 'residential_areas';
BEGIN;
CREATE TEMP TABLE import_staging (id bigint NOT NULL, boundary geometry(MultiPolygon,4326), location geometry(Point,4326),
  population integer, households integer, population_is_estimated boolean, kind text, completion_year integer, data_source text, source_crs text,
  created_at timestamptz, updated_at timestamptz, name text, "boundary__after" text, "location__after" text, "boundary__before" text, "location__before" text) ON COMMIT DROP;
SELECT setseed(0.2);
INSERT INTO import_staging SELECT nextval(pg_get_serial_sequence('residential_areas', 'id')), NULL, p,
  1000, 300, true, 'old', 1998, 'import: areas.csv', 'EPSG:4326', now(), now(), '小区' || k, NULL, ST_AsText(p), NULL, NULL
  FROM (SELECT k, ST_SetSRID(ST_MakePoint(119.20 + random() * 0.25, 25.98 + random() * 0.18), 4326) p FROM generate_series(0, 99999) k) g;
