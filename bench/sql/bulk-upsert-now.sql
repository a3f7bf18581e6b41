\timing on
-- The bulk commit's upsert as BulkCommit writes it for a file of new rows (no before-images, no ON CONFLICT, one
-- district probe per row, JIT off) on 100,000 synthetic 小区, under EXPLAIN ANALYZE, rolled back.
-- psql -d <a migrated bench database> -f bench/sql/bulk-upsert-now.sql (empties residential_areas first).
\ir new-areas-staging.sql
ANALYZE import_staging (id);
SELECT set_config('tuoyu.districts_assigned', 'on', true), set_config('jit', 'off', true), set_config('work_mem', '64MB', true);
EXPLAIN (ANALYZE, BUFFERS, WAL, TIMING)
WITH before AS MATERIALIZED (
  SELECT t.*, t.xmin::text::bigint AS row_version FROM residential_areas t JOIN import_staging s USING (id) WHERE false
), written AS (
  INSERT INTO residential_areas AS t (id, boundary, location, population, households, population_is_estimated, kind, completion_year, data_source, source_crs, created_at, updated_at, name, subdistrict_code, district_code)
  SELECT s.id, s.boundary, s.location, s.population, s.households, s.population_is_estimated, s.kind, s.completion_year, s.data_source, s.source_crs, s.created_at, s.updated_at, s.name,
         CASE WHEN covering.level = 'subdistrict' THEN covering.code ELSE declared.code END,
         CASE WHEN covering.level = 'subdistrict' THEN covering.parent_code WHEN declared.code IS NOT NULL THEN declared.parent_code ELSE covering.code END
    FROM import_staging s
    LEFT JOIN LATERAL (SELECT d.code, d.parent_code, d.level FROM districts d
                        WHERE d.level IN ('subdistrict', 'district') AND ST_Covers(d.boundary, COALESCE(ST_PointOnSurface(s.boundary), s.location))
                        ORDER BY d.level <> 'subdistrict', d.code LIMIT 1) covering ON true
    LEFT JOIN LATERAL (SELECT NULL::text AS code, NULL::text AS parent_code) declared ON true
  RETURNING t.*, t.xmin::text::bigint AS row_version, (t.xmax = 0) AS inserted
)
INSERT INTO audit_entries (at, actor, action, entity, entity_id, before, after)
SELECT now(), 'bench', CASE WHEN w.inserted THEN 'created' ELSE 'updated' END, 'residential_areas', w.id::text,
       CASE WHEN b.id IS NULL THEN NULL ELSE jsonb_build_object('area_m2', b.area_m2, 'boundary', s.boundary__before, 'completion_year', b.completion_year, 'created_at', b.created_at, 'data_source', b.data_source, 'district_code', b.district_code, 'households', b.households, 'id', b.id, 'kind', b.kind, 'location', s.location__before, 'name', b.name, 'population', b.population, 'population_is_estimated', b.population_is_estimated, 'source_crs', b.source_crs, 'subdistrict_code', b.subdistrict_code, 'updated_at', b.updated_at, 'xmin', b.row_version) END,
       jsonb_build_object('area_m2', w.area_m2, 'boundary', s.boundary__after, 'completion_year', w.completion_year, 'created_at', w.created_at, 'data_source', w.data_source, 'district_code', w.district_code, 'households', w.households, 'id', w.id, 'kind', w.kind, 'location', s.location__after, 'name', w.name, 'population', w.population, 'population_is_estimated', w.population_is_estimated, 'source_crs', w.source_crs, 'subdistrict_code', w.subdistrict_code, 'updated_at', w.updated_at, 'xmin', w.row_version)
  FROM written w JOIN import_staging s ON s.id = w.id LEFT JOIN before b ON b.id = w.id;
ROLLBACK;
