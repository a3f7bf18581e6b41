using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Geo.Api.Migrations
{
    /// <summary>
    /// Fields the database derives so that they stay right however rows are written (API, import, SQL):
    /// the demand/label point and ground area of polygons, and the 街道 and district every feature lies in.
    /// </summary>
    public partial class DerivedFields : Migration
    {
        private static readonly string[] PointLayers = ["institutions", "nursing_rooms", "public_places"];
        private static readonly string[] PolygonLayers = ["residential_areas", "parcels"];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                -- Polygons: a point on the surface (the demand point / label) and the area on the ground in m².
                CREATE FUNCTION tuoyu_derive_polygon_fields() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF NEW.boundary IS NOT NULL THEN
                    NEW.location := ST_PointOnSurface(NEW.boundary);
                    NEW.area_m2 := ST_Area(NEW.boundary::geography);
                  ELSE
                    NEW.area_m2 := NULL;
                  END IF;
                  RETURN NEW;
                END $$;

                CREATE FUNCTION tuoyu_derive_district_area() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  NEW.area_m2 := CASE WHEN NEW.boundary IS NULL THEN NULL ELSE ST_Area(NEW.boundary::geography) END;
                  RETURN NEW;
                END $$;

                -- The 街道 (and through it the district) whose boundary covers the feature's point.
                CREATE FUNCTION tuoyu_assign_district() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  SELECT d.code, d.parent_code INTO NEW.subdistrict_code, NEW.district_code
                    FROM districts d
                   WHERE d.level = 'subdistrict' AND ST_Covers(d.boundary, NEW.location)
                   ORDER BY d.code LIMIT 1;
                  IF NEW.subdistrict_code IS NULL THEN
                    SELECT d.code INTO NEW.district_code
                      FROM districts d
                     WHERE d.level = 'district' AND ST_Covers(d.boundary, NEW.location)
                     ORDER BY d.code LIMIT 1;
                  END IF;
                  RETURN NEW;
                END $$;

                -- When boundaries change, every feature is joined again.
                CREATE FUNCTION tuoyu_reassign_all() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  UPDATE institutions SET location = location;
                  UPDATE nursing_rooms SET location = location;
                  UPDATE public_places SET location = location;
                  UPDATE residential_areas SET location = location;
                  UPDATE parcels SET boundary = boundary;
                  RETURN NULL;
                END $$;

                CREATE TRIGGER a_derive_area BEFORE INSERT OR UPDATE ON districts
                  FOR EACH ROW EXECUTE FUNCTION tuoyu_derive_district_area();
                CREATE TRIGGER z_reassign_features AFTER INSERT OR DELETE OR UPDATE OF boundary, level, parent_code ON districts
                  FOR EACH STATEMENT EXECUTE FUNCTION tuoyu_reassign_all();
                """);

            foreach (var table in PolygonLayers)
            {
                migrationBuilder.Sql($"""
                    CREATE TRIGGER a_derive_polygon BEFORE INSERT OR UPDATE ON {table}
                      FOR EACH ROW EXECUTE FUNCTION tuoyu_derive_polygon_fields();
                    """);
            }

            foreach (var table in PointLayers.Concat(PolygonLayers))
            {
                migrationBuilder.Sql($"""
                    CREATE TRIGGER b_assign_district BEFORE INSERT OR UPDATE ON {table}
                      FOR EACH ROW EXECUTE FUNCTION tuoyu_assign_district();
                    """);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in PointLayers.Concat(PolygonLayers))
            {
                migrationBuilder.Sql($"DROP TRIGGER IF EXISTS b_assign_district ON {table};");
            }

            foreach (var table in PolygonLayers)
            {
                migrationBuilder.Sql($"DROP TRIGGER IF EXISTS a_derive_polygon ON {table};");
            }

            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS z_reassign_features ON districts;
                DROP TRIGGER IF EXISTS a_derive_area ON districts;
                DROP FUNCTION IF EXISTS tuoyu_reassign_all();
                DROP FUNCTION IF EXISTS tuoyu_assign_district();
                DROP FUNCTION IF EXISTS tuoyu_derive_district_area();
                DROP FUNCTION IF EXISTS tuoyu_derive_polygon_fields();
                """);
        }
    }
}
