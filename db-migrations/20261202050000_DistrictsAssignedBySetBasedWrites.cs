using Geo.Api.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Geo.Api.Migrations
{
    /// <summary>
    /// A set-based write that assigns 街道 and district itself (the import's bulk commit: one spatial join over its
    /// staging table) skips the per-row join of tuoyu_assign_district by setting tuoyu.districts_assigned to 'on'
    /// for its own transaction; every other write, and the reassignment after a boundary change, runs it as before.
    /// Only the triggers' WHEN changes (the function stays as SubdistrictByAttribute left it), so the model is unchanged.
    /// </summary>
    [DbContext(typeof(TuoyuDbContext))]
    [Migration("20261202050000_DistrictsAssignedBySetBasedWrites")]
    public partial class DistrictsAssignedBySetBasedWrites : Migration
    {
        private static readonly string[] Layers = ["institutions", "nursing_rooms", "public_places", "residential_areas", "parcels"];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(Triggers("WHEN (current_setting('tuoyu.districts_assigned', true) IS DISTINCT FROM 'on')"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(Triggers(""));
        }

        private static string Triggers(string when) => string.Concat(Layers.Select(table => $"""
            DROP TRIGGER IF EXISTS b_assign_district ON {table};
            CREATE TRIGGER b_assign_district BEFORE INSERT OR UPDATE ON {table}
              FOR EACH ROW {when} EXECUTE FUNCTION tuoyu_assign_district();

            """));
    }
}
