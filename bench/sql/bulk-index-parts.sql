\timing on
-- What the layer's indexes cost a bulk insert of 100,000 point-only 小区 (the rows of new-areas-staging.sql), all
-- rolled back: the indexes as they are, then with what OptionalGeometryIndexedWhereSet and GroundIndexesOnlyWhereNearbyAsks
-- took away (a full GiST index on boundary, one on location::geography), each added back alone.
-- psql -d <a migrated bench database> -f bench/sql/bulk-index-parts.sql (empties residential_areas first).
\ir new-areas-staging.sql
ANALYZE import_staging;
SELECT set_config('tuoyu.districts_assigned', 'on', true), set_config('jit', 'off', true);
\echo the indexes as they are
SAVEPOINT a;
INSERT INTO residential_areas (id, boundary, location, population, households, population_is_estimated, kind, completion_year, data_source, source_crs, created_at, updated_at, name)
 SELECT id, boundary, location, population, households, population_is_estimated, kind, completion_year, data_source, source_crs, created_at, updated_at, name FROM import_staging;
ROLLBACK TO a;
\echo with the full boundary index as before
SAVEPOINT b;
DROP INDEX ix_residential_areas_boundary; CREATE INDEX ix_boundary_full ON residential_areas USING gist (boundary);
INSERT INTO residential_areas (id, boundary, location, population, households, population_is_estimated, kind, completion_year, data_source, source_crs, created_at, updated_at, name)
 SELECT id, boundary, location, population, households, population_is_estimated, kind, completion_year, data_source, source_crs, created_at, updated_at, name FROM import_staging;
ROLLBACK TO b;
\echo with the full boundary index and the geography index as before
SAVEPOINT c;
DROP INDEX ix_residential_areas_boundary; CREATE INDEX ix_boundary_full ON residential_areas USING gist (boundary);
CREATE INDEX ix_geography ON residential_areas USING gist ((location::geography));
INSERT INTO residential_areas (id, boundary, location, population, households, population_is_estimated, kind, completion_year, data_source, source_crs, created_at, updated_at, name)
 SELECT id, boundary, location, population, households, population_is_estimated, kind, completion_year, data_source, source_crs, created_at, updated_at, name FROM import_staging;
ROLLBACK TO c;
\echo the indexes as they are, again
SAVEPOINT d;
INSERT INTO residential_areas (id, boundary, location, population, households, population_is_estimated, kind, completion_year, data_source, source_crs, created_at, updated_at, name)
 SELECT id, boundary, location, population, households, population_is_estimated, kind, completion_year, data_source, source_crs, created_at, updated_at, name FROM import_staging;
ROLLBACK TO d;
ROLLBACK;
