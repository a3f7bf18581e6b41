using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Geo.Api.Migrations
{
    /// <summary>
    /// The public's "near me" asks only for operating, filed institutions: a partial GiST index on exactly
    /// those rows lets the nearest-neighbour scan walk the index in distance order without skipping others.
    /// </summary>
    public partial class PublicNearbyIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) =>
            migrationBuilder.Sql("""
                CREATE INDEX ix_institutions_public_location_geography ON institutions
                  USING gist ((location::geography)) WHERE status = 'operating' AND filing_status = 'filed';
                """);

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) =>
            migrationBuilder.Sql("DROP INDEX IF EXISTS ix_institutions_public_location_geography;");
    }
}
