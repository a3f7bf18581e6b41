\timing on
-- What each part of the bulk write costs alone, on the same 100,000 synthetic 小区 as bulk-upsert-now.sql, all rolled back:
-- the insert with its indexes and triggers (the geography index is gone since GroundIndexesOnlyWhereNearbyAsks), the 街道/district probe, the audit rows, the insert without the GiST indexes.
-- psql -d <a migrated bench database> -f bench/sql/bulk-insert-parts.sql (empties residential_areas first).
\ir new-areas-staging.sql
ANALYZE import_staging;
SELECT set_config('tuoyu.districts_assigned', 'on', true), set_config('jit', 'off', true);
\echo plain insert, all indexes, a_derive_polygon trigger
SAVEPOINT a;
INSERT INTO residential_areas (id, boundary, location, population, households, population_is_estimated, kind, completion_year, data_source, source_crs, created_at, updated_at, name)
 SELECT id, boundary, location, population, households, population_is_estimated, kind, completion_year, data_source, source_crs, created_at, updated_at, name FROM import_staging;
ROLLBACK TO a;
\echo district join only
SELECT count(sub.code), count(district.code) FROM import_staging s
    LEFT JOIN LATERAL (SELECT d.code, d.parent_code FROM districts d WHERE d.level = 'subdistrict' AND ST_Covers(d.boundary, COALESCE(ST_PointOnSurface(s.boundary), s.location)) ORDER BY d.code LIMIT 1) sub ON true
    LEFT JOIN LATERAL (SELECT d.code FROM districts d WHERE sub.code IS NULL AND d.level = 'district' AND ST_Covers(d.boundary, COALESCE(ST_PointOnSurface(s.boundary), s.location)) ORDER BY d.code LIMIT 1) district ON true;
\echo audit images only
SELECT count(*) FROM (SELECT jsonb_build_object('area_m2', null, 'boundary', s.boundary__after, 'completion_year', s.completion_year, 'created_at', s.created_at, 'data_source', s.data_source, 'district_code', null, 'households', s.households, 'id', s.id, 'kind', s.kind, 'location', s.location__after, 'name', s.name, 'population', s.population, 'population_is_estimated', s.population_is_estimated, 'source_crs', s.source_crs, 'subdistrict_code', null, 'updated_at', s.updated_at, 'xmin', 1) j FROM import_staging s) x;
\echo audit insert
SAVEPOINT b;
INSERT INTO audit_entries (at, actor, action, entity, entity_id, before, after)
SELECT now(), 'bench', 'created', 'residential_areas', s.id::text, NULL, jsonb_build_object('area_m2', null, 'boundary', s.boundary__after, 'completion_year', s.completion_year, 'created_at', s.created_at, 'data_source', s.data_source, 'district_code', null, 'households', s.households, 'id', s.id, 'kind', s.kind, 'location', s.location__after, 'name', s.name, 'population', s.population, 'population_is_estimated', s.population_is_estimated, 'source_crs', s.source_crs, 'subdistrict_code', null, 'updated_at', s.updated_at, 'xmin', 1) FROM import_staging s;
ROLLBACK TO b;
\echo insert without the geography index
SAVEPOINT c;
DROP INDEX IF EXISTS ix_residential_areas_location_geography;
INSERT INTO residential_areas (id, boundary, location, population, households, population_is_estimated, kind, completion_year, data_source, source_crs, created_at, updated_at, name)
 SELECT id, boundary, location, population, households, population_is_estimated, kind, completion_year, data_source, source_crs, created_at, updated_at, name FROM import_staging;
ROLLBACK TO c;
\echo insert without any gist index
SAVEPOINT d;
DROP INDEX IF EXISTS ix_residential_areas_location_geography; DROP INDEX ix_residential_areas_location; DROP INDEX ix_residential_areas_boundary;
INSERT INTO residential_areas (id, boundary, location, population, households, population_is_estimated, kind, completion_year, data_source, source_crs, created_at, updated_at, name)
 SELECT id, boundary, location, population, households, population_is_estimated, kind, completion_year, data_source, source_crs, created_at, updated_at, name FROM import_staging;
\echo  rebuild the 3 gist indexes
CREATE INDEX ON residential_areas USING gist (location); CREATE INDEX ON residential_areas USING gist ((location::geography)); CREATE INDEX ON residential_areas USING gist (boundary);
ROLLBACK TO d;
\echo insert with a_derive_polygon off
SAVEPOINT e;
ALTER TABLE residential_areas DISABLE TRIGGER a_derive_polygon;
INSERT INTO residential_areas (id, boundary, location, population, households, population_is_estimated, kind, completion_year, data_source, source_crs, created_at, updated_at, name)
 SELECT id, boundary, location, population, households, population_is_estimated, kind, completion_year, data_source, source_crs, created_at, updated_at, name FROM import_staging;
ROLLBACK TO e;
ROLLBACK;
