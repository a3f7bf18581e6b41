using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Geo.Api.Migrations
{
    /// <summary>
    /// Ground distance in metres for queries over geometry(Point,4326): SQL functions that cast to geography
    /// (inlined by the planner), and GiST indexes on the geography cast of every point column so that
    /// "within r metres" and "nearest first" use an index.
    /// </summary>
    public partial class GroundDistance : Migration
    {
        private static readonly string[] PointTables = ["institutions", "nursing_rooms", "public_places", "residential_areas", "parcels"];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION tuoyu_within_metres(a geometry, b geometry, metres double precision) RETURNS boolean
                  LANGUAGE sql IMMUTABLE PARALLEL SAFE
                  RETURN ST_DWithin(a::geography, b::geography, metres);
                CREATE FUNCTION tuoyu_distance_metres(a geometry, b geometry) RETURNS double precision
                  LANGUAGE sql IMMUTABLE PARALLEL SAFE
                  RETURN ST_Distance(a::geography, b::geography);
                CREATE FUNCTION tuoyu_knn_metres(a geometry, b geometry) RETURNS double precision
                  LANGUAGE sql IMMUTABLE PARALLEL SAFE
                  RETURN a::geography <-> b::geography;
                """);
            foreach (var table in PointTables)
            {
                migrationBuilder.Sql($"CREATE INDEX ix_{table}_location_geography ON {table} USING gist ((location::geography));");
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in PointTables)
            {
                migrationBuilder.Sql($"DROP INDEX IF EXISTS ix_{table}_location_geography;");
            }

            migrationBuilder.Sql("""
                DROP FUNCTION IF EXISTS tuoyu_knn_metres(geometry, geometry);
                DROP FUNCTION IF EXISTS tuoyu_distance_metres(geometry, geometry);
                DROP FUNCTION IF EXISTS tuoyu_within_metres(geometry, geometry, double precision);
                """);
        }
    }
}
