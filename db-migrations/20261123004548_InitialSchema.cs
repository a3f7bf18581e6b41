using System;
using Microsoft.EntityFrameworkCore.Migrations;
using NetTopologySuite.Geometries;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Geo.Api.Migrations
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:postgis", ",,");

            migrationBuilder.CreateTable(
                name: "districts",
                columns: table => new
                {
                    code = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    level = table.Column<string>(type: "text", nullable: false),
                    parent_code = table.Column<string>(type: "character varying(12)", nullable: true),
                    boundary = table.Column<MultiPolygon>(type: "geometry(MultiPolygon,4326)", nullable: true),
                    boundary_is_synthetic = table.Column<bool>(type: "boolean", nullable: false),
                    area_m2 = table.Column<double>(type: "double precision", nullable: true),
                    population = table.Column<int>(type: "integer", nullable: true),
                    share_under3 = table.Column<double>(type: "double precision", nullable: true),
                    slots_per_thousand_new = table.Column<double>(type: "double precision", nullable: true),
                    slots_per_thousand_old = table.Column<double>(type: "double precision", nullable: true),
                    min_institutions_per_subdistrict = table.Column<int>(type: "integer", nullable: true),
                    data_source = table.Column<string>(type: "text", nullable: false),
                    source_crs = table.Column<string>(type: "text", nullable: false, defaultValue: "EPSG:4326"),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_districts", x => x.code);
                    table.CheckConstraint("ck_districts_code", "code ~ '^[0-9]{6}([0-9]{3}([0-9]{3})?)?$'");
                    table.CheckConstraint("ck_districts_level", "level IN ('province', 'city', 'district', 'subdistrict', 'community')");
                    table.CheckConstraint("ck_districts_min_institutions", "min_institutions_per_subdistrict IS NULL OR min_institutions_per_subdistrict >= 0");
                    table.CheckConstraint("ck_districts_population", "population IS NULL OR population >= 0");
                    table.CheckConstraint("ck_districts_share_under3", "share_under3 IS NULL OR (share_under3 >= 0 AND share_under3 <= 1)");
                    table.CheckConstraint("ck_districts_slots_new", "slots_per_thousand_new IS NULL OR slots_per_thousand_new >= 0");
                    table.CheckConstraint("ck_districts_slots_old", "slots_per_thousand_old IS NULL OR slots_per_thousand_old >= 0");
                    table.ForeignKey(
                        name: "fk_districts_districts_parent_code",
                        column: x => x.parent_code,
                        principalTable: "districts",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "institutions",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    credit_code = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: true),
                    address = table.Column<string>(type: "text", nullable: false),
                    location = table.Column<Point>(type: "geometry(Point,4326)", nullable: false),
                    nature = table.Column<string>(type: "text", nullable: false),
                    operator_type = table.Column<string>(type: "text", nullable: false),
                    service_types = table.Column<string[]>(type: "text[]", nullable: false),
                    approved_slots = table.Column<int>(type: "integer", nullable: false),
                    enrolled_slots = table.Column<int>(type: "integer", nullable: false),
                    vacancies = table.Column<int>(type: "integer", nullable: false, computedColumnSql: "approved_slots - enrolled_slots", stored: true),
                    is_puhui = table.Column<bool>(type: "boolean", nullable: false),
                    is_demonstration = table.Column<bool>(type: "boolean", nullable: false),
                    is_standardised = table.Column<bool>(type: "boolean", nullable: false),
                    filing_status = table.Column<string>(type: "text", nullable: false),
                    filed_on = table.Column<DateOnly>(type: "date", nullable: true),
                    quality_grade = table.Column<string>(type: "text", nullable: true),
                    monthly_fee_min = table.Column<decimal>(type: "numeric(10,2)", precision: 10, scale: 2, nullable: true),
                    monthly_fee_max = table.Column<decimal>(type: "numeric(10,2)", precision: 10, scale: 2, nullable: true),
                    phone = table.Column<string>(type: "text", nullable: true),
                    opening_hours = table.Column<string>(type: "text", nullable: true),
                    floor = table.Column<int>(type: "integer", nullable: true),
                    status = table.Column<string>(type: "text", nullable: false),
                    data_source = table.Column<string>(type: "text", nullable: false),
                    source_crs = table.Column<string>(type: "text", nullable: false, defaultValue: "EPSG:4326"),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    subdistrict_code = table.Column<string>(type: "text", nullable: true),
                    district_code = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_institutions", x => x.id);
                    table.CheckConstraint("ck_institutions_credit_code", "credit_code IS NULL OR credit_code ~ '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$'");
                    table.CheckConstraint("ck_institutions_fees", "(monthly_fee_min IS NULL OR monthly_fee_min >= 0) AND (monthly_fee_max IS NULL OR monthly_fee_min IS NULL OR monthly_fee_max >= monthly_fee_min)");
                    table.CheckConstraint("ck_institutions_filed_on", "filed_on IS NULL OR filing_status <> 'unfiled'");
                    table.CheckConstraint("ck_institutions_filing_status", "filing_status IN ('unfiled', 'filed', 'non_compliant', 'cancelled')");
                    table.CheckConstraint("ck_institutions_floor", "floor IS NULL OR floor BETWEEN -3 AND 100");
                    table.CheckConstraint("ck_institutions_name", "length(btrim(name)) > 0");
                    table.CheckConstraint("ck_institutions_nature", "nature IN ('public_institution', 'non_profit', 'for_profit')");
                    table.CheckConstraint("ck_institutions_operator_type", "operator_type IN ('independent', 'kindergarten_class', 'employer', 'community', 'home_based')");
                    table.CheckConstraint("ck_institutions_quality_grade", "quality_grade IS NULL OR quality_grade IN ('a', 'b', 'c', 'd')");
                    table.CheckConstraint("ck_institutions_service_types", "service_types <@ ARRAY['full_day', 'half_day', 'hourly', 'occasional']::text[]");
                    table.CheckConstraint("ck_institutions_slots", "approved_slots >= 0 AND enrolled_slots >= 0 AND enrolled_slots <= approved_slots");
                    table.CheckConstraint("ck_institutions_status", "status IN ('operating', 'planned', 'closed')");
                });

            migrationBuilder.CreateTable(
                name: "parcels",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    code = table.Column<string>(type: "text", nullable: false),
                    boundary = table.Column<MultiPolygon>(type: "geometry(MultiPolygon,4326)", nullable: false),
                    location = table.Column<Point>(type: "geometry(Point,4326)", nullable: false),
                    area_m2 = table.Column<double>(type: "double precision", nullable: false),
                    land_use = table.Column<string>(type: "text", nullable: false),
                    status = table.Column<string>(type: "text", nullable: false),
                    owner = table.Column<string>(type: "text", nullable: true),
                    allocation_eligible = table.Column<bool>(type: "boolean", nullable: false),
                    data_source = table.Column<string>(type: "text", nullable: false),
                    source_crs = table.Column<string>(type: "text", nullable: false, defaultValue: "EPSG:4326"),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    subdistrict_code = table.Column<string>(type: "text", nullable: true),
                    district_code = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_parcels", x => x.id);
                    table.CheckConstraint("ck_parcels_code", "length(btrim(code)) > 0");
                    table.CheckConstraint("ck_parcels_land_use", "land_use IN ('education', 'health_care', 'social_welfare', 'commercial', 'residential_service', 'residential', 'industrial', 'green_space', 'other')");
                    table.CheckConstraint("ck_parcels_name", "length(btrim(name)) > 0");
                    table.CheckConstraint("ck_parcels_status", "status IN ('idle', 'low_efficiency', 'compatible', 'reserve', 'sold')");
                });

            migrationBuilder.CreateTable(
                name: "public_places",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    place_type = table.Column<string>(type: "text", nullable: false),
                    location = table.Column<Point>(type: "geometry(Point,4326)", nullable: false),
                    building_area_m2 = table.Column<double>(type: "double precision", nullable: true),
                    daily_visitors = table.Column<int>(type: "integer", nullable: true),
                    requires_nursing_room = table.Column<bool>(type: "boolean", nullable: false, computedColumnSql: "coalesce(building_area_m2 > 10000, false) OR coalesce(daily_visitors > 10000, false) OR place_type IN ('township_health_centre', 'community_health_centre')", stored: true),
                    data_source = table.Column<string>(type: "text", nullable: false),
                    source_crs = table.Column<string>(type: "text", nullable: false, defaultValue: "EPSG:4326"),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    subdistrict_code = table.Column<string>(type: "text", nullable: true),
                    district_code = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_public_places", x => x.id);
                    table.CheckConstraint("ck_public_places_building_area", "building_area_m2 IS NULL OR building_area_m2 > 0");
                    table.CheckConstraint("ck_public_places_daily_visitors", "daily_visitors IS NULL OR daily_visitors >= 0");
                    table.CheckConstraint("ck_public_places_name", "length(btrim(name)) > 0");
                    table.CheckConstraint("ck_public_places_place_type", "place_type IN ('transport_hub', 'mall', 'hospital', 'tourist_site', 'township_health_centre', 'community_health_centre', 'workplace', 'other')");
                });

            migrationBuilder.CreateTable(
                name: "residential_areas",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    boundary = table.Column<MultiPolygon>(type: "geometry(MultiPolygon,4326)", nullable: true),
                    location = table.Column<Point>(type: "geometry(Point,4326)", nullable: false),
                    area_m2 = table.Column<double>(type: "double precision", nullable: true),
                    population = table.Column<int>(type: "integer", nullable: false),
                    households = table.Column<int>(type: "integer", nullable: true),
                    population_is_estimated = table.Column<bool>(type: "boolean", nullable: false),
                    kind = table.Column<string>(type: "text", nullable: false),
                    completion_year = table.Column<int>(type: "integer", nullable: true),
                    data_source = table.Column<string>(type: "text", nullable: false),
                    source_crs = table.Column<string>(type: "text", nullable: false, defaultValue: "EPSG:4326"),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    subdistrict_code = table.Column<string>(type: "text", nullable: true),
                    district_code = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_residential_areas", x => x.id);
                    table.CheckConstraint("ck_residential_areas_completion_year", "completion_year IS NULL OR completion_year BETWEEN 1900 AND 2100");
                    table.CheckConstraint("ck_residential_areas_households", "households IS NULL OR households >= 0");
                    table.CheckConstraint("ck_residential_areas_kind", "kind IN ('new', 'old')");
                    table.CheckConstraint("ck_residential_areas_name", "length(btrim(name)) > 0");
                    table.CheckConstraint("ck_residential_areas_population", "population >= 0");
                });

            migrationBuilder.CreateTable(
                name: "planning_targets",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    district_code = table.Column<string>(type: "character varying(12)", nullable: false),
                    kind = table.Column<string>(type: "text", nullable: false),
                    value = table.Column<double>(type: "double precision", nullable: false),
                    due_date = table.Column<DateOnly>(type: "date", nullable: false),
                    source = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_planning_targets", x => x.id);
                    table.CheckConstraint("ck_planning_targets_kind", "kind IN ('standardised_institutions', 'demonstration_institutions', 'slots_per_thousand', 'puhui_share')");
                    table.CheckConstraint("ck_planning_targets_value", "value >= 0");
                    table.ForeignKey(
                        name: "fk_planning_targets_districts_district_code",
                        column: x => x.district_code,
                        principalTable: "districts",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "institution_classes",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    type = table.Column<string>(type: "text", nullable: false),
                    count = table.Column<int>(type: "integer", nullable: false),
                    children = table.Column<int>(type: "integer", nullable: false),
                    institution_id = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_institution_classes", x => x.id);
                    table.CheckConstraint("ck_institution_classes_cap", "children <= count * CASE type WHEN 'infant' THEN 10 WHEN 'toddler' THEN 15 WHEN 'older' THEN 20 ELSE 18 END");
                    table.CheckConstraint("ck_institution_classes_children", "children >= 0");
                    table.CheckConstraint("ck_institution_classes_count", "count >= 1");
                    table.CheckConstraint("ck_institution_classes_type", "type IN ('infant', 'toddler', 'older', 'mixed')");
                    table.ForeignKey(
                        name: "fk_institution_classes_institutions_institution_id",
                        column: x => x.institution_id,
                        principalTable: "institutions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "nursing_rooms",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    venue_name = table.Column<string>(type: "text", nullable: false),
                    venue_type = table.Column<string>(type: "text", nullable: false),
                    public_place_id = table.Column<long>(type: "bigint", nullable: true),
                    location = table.Column<Point>(type: "geometry(Point,4326)", nullable: false),
                    usable_area_m2 = table.Column<double>(type: "double precision", nullable: false),
                    equipment = table.Column<string[]>(type: "text[]", nullable: false),
                    opening_hours = table.Column<string>(type: "text", nullable: true),
                    access_notes = table.Column<string>(type: "text", nullable: true),
                    data_source = table.Column<string>(type: "text", nullable: false),
                    source_crs = table.Column<string>(type: "text", nullable: false, defaultValue: "EPSG:4326"),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    subdistrict_code = table.Column<string>(type: "text", nullable: true),
                    district_code = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_nursing_rooms", x => x.id);
                    table.CheckConstraint("ck_nursing_rooms_equipment", "equipment <@ ARRAY['changing_table', 'basin_hot_water', 'crib', 'nursing_chair', 'table', 'power_socket', 'call_device', 'bin', 'lockable_door']::text[]");
                    table.CheckConstraint("ck_nursing_rooms_name", "length(btrim(name)) > 0");
                    table.CheckConstraint("ck_nursing_rooms_usable_area", "usable_area_m2 > 0 AND usable_area_m2 < 10000");
                    table.CheckConstraint("ck_nursing_rooms_venue_type", "venue_type IN ('transport_hub', 'mall', 'hospital', 'tourist_site', 'township_health_centre', 'community_health_centre', 'workplace', 'other')");
                    table.ForeignKey(
                        name: "fk_nursing_rooms_public_places_public_place_id",
                        column: x => x.public_place_id,
                        principalTable: "public_places",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateIndex(
                name: "ix_districts_boundary",
                table: "districts",
                column: "boundary")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "ix_districts_parent_code",
                table: "districts",
                column: "parent_code");

            migrationBuilder.CreateIndex(
                name: "ix_institution_classes_institution_id",
                table: "institution_classes",
                column: "institution_id");

            migrationBuilder.CreateIndex(
                name: "ix_institutions_credit_code",
                table: "institutions",
                column: "credit_code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_institutions_district_code",
                table: "institutions",
                column: "district_code");

            migrationBuilder.CreateIndex(
                name: "ix_institutions_location",
                table: "institutions",
                column: "location")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "ix_institutions_status_filing_status",
                table: "institutions",
                columns: new[] { "status", "filing_status" });

            migrationBuilder.CreateIndex(
                name: "ix_institutions_subdistrict_code",
                table: "institutions",
                column: "subdistrict_code");

            migrationBuilder.CreateIndex(
                name: "ix_nursing_rooms_district_code",
                table: "nursing_rooms",
                column: "district_code");

            migrationBuilder.CreateIndex(
                name: "ix_nursing_rooms_location",
                table: "nursing_rooms",
                column: "location")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "ix_nursing_rooms_public_place_id",
                table: "nursing_rooms",
                column: "public_place_id");

            migrationBuilder.CreateIndex(
                name: "ix_nursing_rooms_subdistrict_code",
                table: "nursing_rooms",
                column: "subdistrict_code");

            migrationBuilder.CreateIndex(
                name: "ix_parcels_boundary",
                table: "parcels",
                column: "boundary")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "ix_parcels_code",
                table: "parcels",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_parcels_district_code",
                table: "parcels",
                column: "district_code");

            migrationBuilder.CreateIndex(
                name: "ix_parcels_location",
                table: "parcels",
                column: "location")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "ix_parcels_subdistrict_code",
                table: "parcels",
                column: "subdistrict_code");

            migrationBuilder.CreateIndex(
                name: "ix_planning_targets_district_code_kind_due_date",
                table: "planning_targets",
                columns: new[] { "district_code", "kind", "due_date" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_public_places_district_code",
                table: "public_places",
                column: "district_code");

            migrationBuilder.CreateIndex(
                name: "ix_public_places_location",
                table: "public_places",
                column: "location")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "ix_public_places_subdistrict_code",
                table: "public_places",
                column: "subdistrict_code");

            migrationBuilder.CreateIndex(
                name: "ix_residential_areas_boundary",
                table: "residential_areas",
                column: "boundary")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "ix_residential_areas_district_code",
                table: "residential_areas",
                column: "district_code");

            migrationBuilder.CreateIndex(
                name: "ix_residential_areas_location",
                table: "residential_areas",
                column: "location")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "ix_residential_areas_subdistrict_code",
                table: "residential_areas",
                column: "subdistrict_code");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "institution_classes");

            migrationBuilder.DropTable(
                name: "nursing_rooms");

            migrationBuilder.DropTable(
                name: "parcels");

            migrationBuilder.DropTable(
                name: "planning_targets");

            migrationBuilder.DropTable(
                name: "residential_areas");

            migrationBuilder.DropTable(
                name: "institutions");

            migrationBuilder.DropTable(
                name: "public_places");

            migrationBuilder.DropTable(
                name: "districts");
        }
    }
}
