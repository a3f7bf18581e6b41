using System;
using Microsoft.EntityFrameworkCore.Migrations;
using NetTopologySuite.Geometries;

#nullable disable

namespace Geo.Api.Migrations
{
    /// <inheritdoc />
    public partial class WalkingNetwork : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "street_networks",
                columns: table => new
                {
                    district_code = table.Column<string>(type: "character varying(12)", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    data_source = table.Column<string>(type: "text", nullable: false),
                    format = table.Column<string>(type: "text", nullable: false),
                    source_crs = table.Column<string>(type: "text", nullable: false),
                    node_count = table.Column<int>(type: "integer", nullable: false),
                    edge_count = table.Column<int>(type: "integer", nullable: false),
                    total_length_m = table.Column<double>(type: "double precision", nullable: false),
                    imported_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_street_networks", x => x.district_code);
                    table.CheckConstraint("ck_street_networks_counts", "node_count >= 0 AND edge_count >= 0 AND total_length_m >= 0");
                    table.CheckConstraint("ck_street_networks_version", "version >= 1");
                    table.ForeignKey(
                        name: "fk_street_networks_districts_district_code",
                        column: x => x.district_code,
                        principalTable: "districts",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "street_edges",
                columns: table => new
                {
                    district_code = table.Column<string>(type: "character varying(12)", nullable: false),
                    id = table.Column<long>(type: "bigint", nullable: false),
                    source = table.Column<long>(type: "bigint", nullable: false),
                    target = table.Column<long>(type: "bigint", nullable: false),
                    length_m = table.Column<double>(type: "double precision", nullable: false),
                    kind = table.Column<string>(type: "text", nullable: false),
                    source_way_id = table.Column<long>(type: "bigint", nullable: false),
                    geometry = table.Column<LineString>(type: "geometry(LineString,4326)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_street_edges", x => new { x.district_code, x.id });
                    table.CheckConstraint("ck_street_edges_length_m", "length_m >= 0");
                    table.ForeignKey(
                        name: "fk_street_edges_street_networks_district_code",
                        column: x => x.district_code,
                        principalTable: "street_networks",
                        principalColumn: "district_code",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "street_nodes",
                columns: table => new
                {
                    district_code = table.Column<string>(type: "character varying(12)", nullable: false),
                    id = table.Column<long>(type: "bigint", nullable: false),
                    source_key = table.Column<long>(type: "bigint", nullable: false),
                    location = table.Column<Point>(type: "geometry(Point,4326)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_street_nodes", x => new { x.district_code, x.id });
                    table.ForeignKey(
                        name: "fk_street_nodes_street_networks_district_code",
                        column: x => x.district_code,
                        principalTable: "street_networks",
                        principalColumn: "district_code",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_street_edges_geometry",
                table: "street_edges",
                column: "geometry")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "ix_street_nodes_location",
                table: "street_nodes",
                column: "location")
                .Annotation("Npgsql:IndexMethod", "gist");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "street_edges");

            migrationBuilder.DropTable(
                name: "street_nodes");

            migrationBuilder.DropTable(
                name: "street_networks");
        }
    }
}
