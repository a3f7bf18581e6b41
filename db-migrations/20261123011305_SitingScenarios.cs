using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Geo.Api.Migrations
{
    /// <summary>
    /// Saved siting runs (方案): the request and result as jsonb snapshots, with the figures a list or a
    /// comparison shows as columns. No geometry column: the chosen sites live in the result's GeoJSON.
    /// </summary>
    public partial class SitingScenarios : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "siting_scenarios",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    district_code = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: true),
                    model = table.Column<string>(type: "text", nullable: false),
                    solver = table.Column<string>(type: "text", nullable: false),
                    objective = table.Column<double>(type: "double precision", nullable: false),
                    bound = table.Column<double>(type: "double precision", nullable: true),
                    gap = table.Column<double>(type: "double precision", nullable: true),
                    optimal = table.Column<bool>(type: "boolean", nullable: false),
                    time_ms = table.Column<long>(type: "bigint", nullable: false),
                    site_count = table.Column<int>(type: "integer", nullable: false),
                    gap_before = table.Column<double>(type: "double precision", nullable: true),
                    gap_after = table.Column<double>(type: "double precision", nullable: true),
                    request = table.Column<string>(type: "jsonb", nullable: false),
                    result = table.Column<string>(type: "jsonb", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_siting_scenarios", x => x.id);
                    table.CheckConstraint("ck_siting_scenarios_model", "model IN ('mclp', 'capacitated', 'lscp', 'p_median')");
                    table.CheckConstraint("ck_siting_scenarios_name", "length(btrim(name)) > 0");
                    table.CheckConstraint("ck_siting_scenarios_site_count", "site_count >= 0");
                    table.CheckConstraint("ck_siting_scenarios_time_ms", "time_ms >= 0");
                });

            migrationBuilder.CreateIndex(
                name: "ix_siting_scenarios_created_at",
                table: "siting_scenarios",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_siting_scenarios_district_code",
                table: "siting_scenarios",
                column: "district_code");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "siting_scenarios");
        }
    }
}
