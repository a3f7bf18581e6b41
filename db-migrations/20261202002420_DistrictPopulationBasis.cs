using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Geo.Api.Migrations
{
    /// <inheritdoc />
    public partial class DistrictPopulationBasis : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "official_population",
                table: "districts",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "official_population_as_of",
                table: "districts",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "official_population_source",
                table: "districts",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "population_source",
                table: "districts",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "residential_areas_complete",
                table: "districts",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "share_under3_source",
                table: "districts",
                type: "text",
                nullable: true);

            migrationBuilder.AddCheckConstraint(
                name: "ck_districts_official_population",
                table: "districts",
                sql: "official_population IS NULL OR (official_population >= 0 AND official_population_as_of IS NOT NULL AND official_population_source IS NOT NULL)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_districts_official_population",
                table: "districts");

            migrationBuilder.DropColumn(
                name: "official_population",
                table: "districts");

            migrationBuilder.DropColumn(
                name: "official_population_as_of",
                table: "districts");

            migrationBuilder.DropColumn(
                name: "official_population_source",
                table: "districts");

            migrationBuilder.DropColumn(
                name: "population_source",
                table: "districts");

            migrationBuilder.DropColumn(
                name: "residential_areas_complete",
                table: "districts");

            migrationBuilder.DropColumn(
                name: "share_under3_source",
                table: "districts");
        }
    }
}
