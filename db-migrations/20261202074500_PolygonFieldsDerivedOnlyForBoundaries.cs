using Geo.Api.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Geo.Api.Migrations
{
    /// <summary>
    /// tuoyu_derive_polygon_fields runs only for a row it can change: one with a boundary, or one whose area is still
    /// set (its boundary was just removed). For a 小区 or parcel given as a point it only ever wrote area_m2 := NULL
    /// over NULL, and a PL/pgSQL call per row was measured at a fifth of a bulk import's budget
    /// (docs/benchmarks-import.md). The function is unchanged, so the model is.
    /// </summary>
    [DbContext(typeof(TuoyuDbContext))]
    [Migration("20261202074500_PolygonFieldsDerivedOnlyForBoundaries")]
    public partial class PolygonFieldsDerivedOnlyForBoundaries : Migration
    {
        private static readonly string[] PolygonLayers = ["residential_areas", "parcels"];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(Triggers("WHEN (NEW.boundary IS NOT NULL OR NEW.area_m2 IS NOT NULL)"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(Triggers(""));
        }

        private static string Triggers(string when) => string.Concat(PolygonLayers.Select(table => $"""
            DROP TRIGGER IF EXISTS a_derive_polygon ON {table};
            CREATE TRIGGER a_derive_polygon BEFORE INSERT OR UPDATE ON {table}
              FOR EACH ROW {when} EXECUTE FUNCTION tuoyu_derive_polygon_fields();

            """));
    }
}
