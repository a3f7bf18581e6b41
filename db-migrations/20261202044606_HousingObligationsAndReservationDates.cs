using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Geo.Api.Migrations
{
    /// <inheritdoc />
    public partial class HousingObligationsAndReservationDates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "facility_delivered_on",
                table: "residential_areas",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "facility_institution_id",
                table: "residential_areas",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "facility_parcel_code",
                table: "residential_areas",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "facility_slots",
                table: "residential_areas",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "facility_status",
                table: "residential_areas",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "handover_on",
                table: "residential_areas",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "reserved_on",
                table: "parcels",
                type: "date",
                nullable: true);

            migrationBuilder.AddCheckConstraint(
                name: "ck_residential_areas_facility_delivered",
                table: "residential_areas",
                sql: "(facility_delivered_on IS NOT NULL) = (facility_status IS NOT DISTINCT FROM 'delivered')");

            migrationBuilder.AddCheckConstraint(
                name: "ck_residential_areas_facility_slots",
                table: "residential_areas",
                sql: "facility_slots IS NULL OR facility_slots >= 0");

            migrationBuilder.AddCheckConstraint(
                name: "ck_residential_areas_facility_status",
                table: "residential_areas",
                sql: "facility_status IS NULL OR facility_status IN ('planned', 'under_construction', 'delivered')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_residential_areas_facility_delivered",
                table: "residential_areas");

            migrationBuilder.DropCheckConstraint(
                name: "ck_residential_areas_facility_slots",
                table: "residential_areas");

            migrationBuilder.DropCheckConstraint(
                name: "ck_residential_areas_facility_status",
                table: "residential_areas");

            migrationBuilder.DropColumn(
                name: "facility_delivered_on",
                table: "residential_areas");

            migrationBuilder.DropColumn(
                name: "facility_institution_id",
                table: "residential_areas");

            migrationBuilder.DropColumn(
                name: "facility_parcel_code",
                table: "residential_areas");

            migrationBuilder.DropColumn(
                name: "facility_slots",
                table: "residential_areas");

            migrationBuilder.DropColumn(
                name: "facility_status",
                table: "residential_areas");

            migrationBuilder.DropColumn(
                name: "handover_on",
                table: "residential_areas");

            migrationBuilder.DropColumn(
                name: "reserved_on",
                table: "parcels");
        }
    }
}
