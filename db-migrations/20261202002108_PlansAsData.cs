using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Geo.Api.Migrations
{
    /// <inheritdoc />
    public partial class PlansAsData : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "opened_on",
                table: "nursing_rooms",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "closed_on",
                table: "institutions",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "demonstration_on",
                table: "institutions",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "opened_on",
                table: "institutions",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "puhui_on",
                table: "institutions",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "standardised_on",
                table: "institutions",
                type: "date",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "unit_standards",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    unit_code = table.Column<string>(type: "character varying(12)", nullable: false),
                    key = table.Column<string>(type: "text", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    kind = table.Column<string>(type: "text", nullable: false),
                    value = table.Column<double>(type: "double precision", nullable: false),
                    due = table.Column<DateOnly>(type: "date", nullable: true),
                    standing = table.Column<bool>(type: "boolean", nullable: false),
                    source_document = table.Column<string>(type: "text", nullable: false),
                    source_clause = table.Column<string>(type: "text", nullable: false),
                    notes = table.Column<string>(type: "text", nullable: true),
                    set_by = table.Column<string>(type: "text", nullable: false),
                    data_source = table.Column<string>(type: "text", nullable: false),
                    source_crs = table.Column<string>(type: "text", nullable: false, defaultValue: "EPSG:4326"),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_unit_standards", x => x.id);
                    table.CheckConstraint("ck_unit_standards_due_or_standing", "(due IS NULL) = standing");
                    table.CheckConstraint("ck_unit_standards_kind", "kind IN ('slots_per_thousand_new_areas', 'slots_per_thousand_old_areas', 'service_radius_m', 'under3_share', 'institutions_per_subdistrict')");
                    table.CheckConstraint("ck_unit_standards_value", "value >= 0");
                    table.ForeignKey(
                        name: "fk_unit_standards_districts_unit_code",
                        column: x => x.unit_code,
                        principalTable: "districts",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "unit_targets",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    unit_code = table.Column<string>(type: "character varying(12)", nullable: false),
                    key = table.Column<string>(type: "text", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    kind = table.Column<string>(type: "text", nullable: false),
                    comparison = table.Column<string>(type: "text", nullable: true),
                    value = table.Column<double>(type: "double precision", nullable: true),
                    value_max = table.Column<double>(type: "double precision", nullable: true),
                    due = table.Column<DateOnly>(type: "date", nullable: true),
                    standing = table.Column<bool>(type: "boolean", nullable: false),
                    starts_on = table.Column<DateOnly>(type: "date", nullable: true),
                    scope = table.Column<string>(type: "text", nullable: true),
                    category = table.Column<string>(type: "text", nullable: true),
                    min_per_subdistrict = table.Column<int>(type: "integer", nullable: true),
                    places = table.Column<string[]>(type: "text[]", nullable: false),
                    layer = table.Column<string>(type: "text", nullable: true),
                    filter = table.Column<string>(type: "jsonb", nullable: true),
                    per_unit = table.Column<string>(type: "jsonb", nullable: true),
                    source_document = table.Column<string>(type: "text", nullable: false),
                    source_clause = table.Column<string>(type: "text", nullable: false),
                    notes = table.Column<string>(type: "text", nullable: true),
                    set_by = table.Column<string>(type: "text", nullable: false),
                    data_source = table.Column<string>(type: "text", nullable: false),
                    source_crs = table.Column<string>(type: "text", nullable: false, defaultValue: "EPSG:4326"),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_unit_targets", x => x.id);
                    table.CheckConstraint("ck_unit_targets_category", "category IS NULL OR category IN ('operating', 'filed', 'demonstration', 'standardised', 'affordable')");
                    table.CheckConstraint("ck_unit_targets_comparison", "comparison IS NULL OR comparison IN ('at_least', 'at_most', 'between', 'equal')");
                    table.CheckConstraint("ck_unit_targets_due_or_standing", "(due IS NULL) = standing");
                    table.CheckConstraint("ck_unit_targets_kind", "kind IN ('slots_per_thousand', 'institutions_per_subdistrict', 'institution_count', 'affordable_slot_share', 'nursing_room_share', 'housing_delivered_facility_share', 'land_reserved', 'custom_count')");
                    table.CheckConstraint("ck_unit_targets_places", "places <@ ARRAY['transport_hub', 'mall', 'hospital', 'tourist_site', 'township_health_centre', 'community_health_centre', 'workplace', 'other']::text[]");
                    table.CheckConstraint("ck_unit_targets_scope", "scope IS NULL OR scope IN ('all', 'new_areas', 'old_areas')");
                    table.CheckConstraint("ck_unit_targets_value", "(per_unit IS NOT NULL AND comparison IS NULL AND value IS NULL) OR (per_unit IS NULL AND comparison IS NOT NULL AND value IS NOT NULL AND value >= 0)");
                    table.CheckConstraint("ck_unit_targets_value_max", "(comparison = 'between') = (value_max IS NOT NULL) OR per_unit IS NOT NULL");
                    table.ForeignKey(
                        name: "fk_unit_targets_districts_unit_code",
                        column: x => x.unit_code,
                        principalTable: "districts",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.AddCheckConstraint(
                name: "ck_institutions_closed_on",
                table: "institutions",
                sql: "closed_on IS NULL OR (status = 'closed' AND (opened_on IS NULL OR closed_on >= opened_on))");

            migrationBuilder.CreateIndex(
                name: "ix_unit_standards_unit_code_key",
                table: "unit_standards",
                columns: new[] { "unit_code", "key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_unit_targets_unit_code_key",
                table: "unit_targets",
                columns: new[] { "unit_code", "key" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "unit_standards");

            migrationBuilder.DropTable(
                name: "unit_targets");

            migrationBuilder.DropCheckConstraint(
                name: "ck_institutions_closed_on",
                table: "institutions");

            migrationBuilder.DropColumn(
                name: "opened_on",
                table: "nursing_rooms");

            migrationBuilder.DropColumn(
                name: "closed_on",
                table: "institutions");

            migrationBuilder.DropColumn(
                name: "demonstration_on",
                table: "institutions");

            migrationBuilder.DropColumn(
                name: "opened_on",
                table: "institutions");

            migrationBuilder.DropColumn(
                name: "puhui_on",
                table: "institutions");

            migrationBuilder.DropColumn(
                name: "standardised_on",
                table: "institutions");
        }
    }
}
