using Geo.Api.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Geo.Api.Migrations
{
    /// <summary>
    /// GroundDistance indexed the geography cast of every point column, for "within r metres" and "nearest first". Only
    /// the public's nearby search asks those questions, and only of institutions and 母婴室; the indexes on
    /// residential areas, public places and parcels were read by no query and written by every insert: on 100,000
    /// imported 小区 the geography index was a quarter of the insert (0.5–0.7 s of 2.0–2.8 s, docs/benchmarks-import.md).
    /// Down restores them as GroundDistance made them.
    /// </summary>
    [DbContext(typeof(TuoyuDbContext))]
    [Migration("20261202133000_GroundIndexesOnlyWhereNearbyAsks")]
    public partial class GroundIndexesOnlyWhereNearbyAsks : Migration
    {
        private static readonly string[] UnaskedTables = ["residential_areas", "public_places", "parcels"];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var table in UnaskedTables)
            {
                migrationBuilder.Sql($"DROP INDEX IF EXISTS ix_{table}_location_geography;");
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in UnaskedTables)
            {
                migrationBuilder.Sql($"CREATE INDEX IF NOT EXISTS ix_{table}_location_geography ON {table} USING gist ((location::geography));");
            }
        }
    }
}
