using Geo.Api.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Geo.Api.Migrations
{
    /// <summary>
    /// A feature's 街道 by attribute where no 街道 geometry exists: the spatial join still decides wherever a 街道
    /// boundary covers the feature; otherwise a 街道 already written on the row (an import's 所属街道 column) is kept
    /// while that 街道 has no boundary, with its district as the row's district. Once 街道 boundaries arrive, the
    /// reassignment every boundary change runs lets geometry win. No table changes, so the model is unchanged.
    /// </summary>
    [DbContext(typeof(TuoyuDbContext))]
    [Migration("20261202032500_SubdistrictByAttribute")]
    public partial class SubdistrictByAttribute : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(AssignDistrict(keepDeclared: true));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(AssignDistrict(keepDeclared: false));
        }

        /// <summary>The join as DerivedFields made it, with (Up) or without (Down) the declared 街道 kept.</summary>
        private static string AssignDistrict(bool keepDeclared) => $$"""
            CREATE OR REPLACE FUNCTION tuoyu_assign_district() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE declared text := NEW.subdistrict_code;
            BEGIN
              SELECT d.code, d.parent_code INTO NEW.subdistrict_code, NEW.district_code
                FROM districts d
               WHERE d.level = 'subdistrict' AND ST_Covers(d.boundary, NEW.location)
               ORDER BY d.code LIMIT 1;
              {{(keepDeclared ? """
              IF NEW.subdistrict_code IS NULL AND declared IS NOT NULL THEN
                SELECT d.code, d.parent_code INTO NEW.subdistrict_code, NEW.district_code
                  FROM districts d
                 WHERE d.code = declared AND d.level = 'subdistrict' AND d.boundary IS NULL;
              END IF;
              """ : "")}}
              IF NEW.subdistrict_code IS NULL THEN
                SELECT d.code INTO NEW.district_code
                  FROM districts d
                 WHERE d.level = 'district' AND ST_Covers(d.boundary, NEW.location)
                 ORDER BY d.code LIMIT 1;
              END IF;
              RETURN NEW;
            END $$;
            """;
    }
}
