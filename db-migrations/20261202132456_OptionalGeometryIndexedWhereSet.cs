using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Geo.Api.Migrations
{
    /// <summary>
    /// The GiST index of an optional geometry (a 小区's or a 街道's outline) holds only the rows that have one: see
    /// ModelBuilderExtensions.GeometryColumn. Every spatial filter on these columns is a strict operator, which the
    /// planner reads as IS NOT NULL, so the same queries use the smaller index.
    /// </summary>
    public partial class OptionalGeometryIndexedWhereSet : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_residential_areas_boundary",
                table: "residential_areas");

            migrationBuilder.DropIndex(
                name: "ix_districts_boundary",
                table: "districts");

            migrationBuilder.CreateIndex(
                name: "ix_residential_areas_boundary",
                table: "residential_areas",
                column: "boundary",
                filter: "boundary IS NOT NULL")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "ix_districts_boundary",
                table: "districts",
                column: "boundary",
                filter: "boundary IS NOT NULL")
                .Annotation("Npgsql:IndexMethod", "gist");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_residential_areas_boundary",
                table: "residential_areas");

            migrationBuilder.DropIndex(
                name: "ix_districts_boundary",
                table: "districts");

            migrationBuilder.CreateIndex(
                name: "ix_residential_areas_boundary",
                table: "residential_areas",
                column: "boundary")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "ix_districts_boundary",
                table: "districts",
                column: "boundary")
                .Annotation("Npgsql:IndexMethod", "gist");
        }
    }
}
