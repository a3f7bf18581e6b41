using Geo.Api.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Geo.Api.Migrations
{
    /// <summary>
    /// A boundary change re-derives the 街道 and district of only the rows it can affect, where DerivedFields re-derived
    /// every row of every layer (1.1 million rows at province size, past the statement timeout). A row's assignment
    /// depends on the 街道/districts whose boundary covers its point and on the 街道 it declares, so a changed unit can
    /// only move rows whose point lies in its old or new boundary (GiST on location) or that are assigned to it now.
    /// Those are re-derived set-based, one UPDATE … FROM per layer with the join of tuoyu_assign_district (as the
    /// import's bulk commit does, under tuoyu.districts_assigned), and only the rows whose assignment differs are
    /// written: rows elsewhere keep their xmin, so clients' version tokens stay valid. Transition tables allow one
    /// event per trigger, hence three triggers; an UPDATE that leaves code, level, parent and boundary alike costs a
    /// comparison. No table changes, so the model is unchanged.
    /// </summary>
    [DbContext(typeof(TuoyuDbContext))]
    [Migration("20261202070000_BoundaryChangeReassignsAffectedRows")]
    public partial class BoundaryChangeReassignsAffectedRows : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS z_reassign_features ON districts;
                DROP FUNCTION IF EXISTS tuoyu_reassign_all();

                -- JIT compiling these statements cost 2.5 s of a 4.6 s change on a loaded machine, for plans that run once.
                CREATE FUNCTION tuoyu_reassign_changed() RETURNS trigger LANGUAGE plpgsql SET jit = off AS $fn$
                DECLARE
                  codes text[];
                  boundaries geometry[];
                  layer text;
                  previous text := current_setting('tuoyu.districts_assigned', true);
                BEGIN
                  -- Only 街道 and districts take part in the join; a city's or province's boundary moves no row.
                  IF TG_OP = 'INSERT' THEN
                    SELECT array_agg(n.code), array_agg(n.boundary) FILTER (WHERE n.boundary IS NOT NULL) INTO codes, boundaries
                      FROM new_rows n WHERE n.level IN ('district', 'subdistrict');
                  ELSIF TG_OP = 'DELETE' THEN
                    SELECT array_agg(o.code), array_agg(o.boundary) FILTER (WHERE o.boundary IS NOT NULL) INTO codes, boundaries
                      FROM old_rows o WHERE o.level IN ('district', 'subdistrict');
                  ELSE
                    SELECT array_agg(u.code) FILTER (WHERE u.code IS NOT NULL), array_agg(u.boundary) FILTER (WHERE u.boundary IS NOT NULL)
                      INTO codes, boundaries
                      FROM old_rows o FULL JOIN new_rows n ON n.code = o.code
                     CROSS JOIN LATERAL (VALUES (o.code, o.boundary), (n.code, n.boundary)) u(code, boundary)
                     WHERE (o.level IN ('district', 'subdistrict') OR n.level IN ('district', 'subdistrict'))
                       AND (o.code IS NULL OR n.code IS NULL OR o.level IS DISTINCT FROM n.level OR o.parent_code IS DISTINCT FROM n.parent_code
                            OR ST_AsEWKB(o.boundary) IS DISTINCT FROM ST_AsEWKB(n.boundary));
                  END IF;
                  IF codes IS NULL THEN
                    RETURN NULL;
                  END IF;

                  PERFORM set_config('tuoyu.districts_assigned', 'on', true);
                  FOREACH layer IN ARRAY ARRAY['institutions', 'nursing_rooms', 'public_places', 'residential_areas', 'parcels'] LOOP
                    EXECUTE format($q$
                      UPDATE %1$I t SET subdistrict_code = a.subdistrict_code, district_code = a.district_code
                        FROM (SELECT r.id, COALESCE(sub.code, declared.code) AS subdistrict_code,
                                     COALESCE(sub.parent_code, declared.parent_code, district.code) AS district_code
                                FROM (SELECT DISTINCT ON (c.id) c.id, c.location, c.subdistrict_code
                                        FROM (SELECT f.id, f.location, f.subdistrict_code FROM %1$I f JOIN unnest($2) b(boundary) ON ST_Covers(b.boundary, f.location)
                                              UNION ALL
                                              SELECT f.id, f.location, f.subdistrict_code FROM %1$I f WHERE f.district_code = ANY($1) OR f.subdistrict_code = ANY($1)) c
                                       ORDER BY c.id) r
                                LEFT JOIN LATERAL (SELECT d.code, d.parent_code FROM districts d
                                                    WHERE d.level = 'subdistrict' AND ST_Covers(d.boundary, r.location) ORDER BY d.code LIMIT 1) sub ON true
                                LEFT JOIN LATERAL (SELECT d.code, d.parent_code FROM districts d
                                                    WHERE sub.code IS NULL AND d.code = r.subdistrict_code AND d.level = 'subdistrict' AND d.boundary IS NULL) declared ON true
                                LEFT JOIN LATERAL (SELECT d.code FROM districts d
                                                    WHERE sub.code IS NULL AND declared.code IS NULL AND d.level = 'district' AND ST_Covers(d.boundary, r.location)
                                                    ORDER BY d.code LIMIT 1) district ON true) a
                       WHERE t.id = a.id AND (t.subdistrict_code, t.district_code) IS DISTINCT FROM (a.subdistrict_code, a.district_code)
                      $q$, layer) USING codes, boundaries;
                  END LOOP;
                  PERFORM set_config('tuoyu.districts_assigned', COALESCE(previous, ''), true);
                  RETURN NULL;
                END $fn$;

                CREATE TRIGGER z_reassign_features_inserted AFTER INSERT ON districts
                  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tuoyu_reassign_changed();
                CREATE TRIGGER z_reassign_features_deleted AFTER DELETE ON districts
                  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION tuoyu_reassign_changed();
                CREATE TRIGGER z_reassign_features_updated AFTER UPDATE ON districts
                  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tuoyu_reassign_changed();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS z_reassign_features_inserted ON districts;
                DROP TRIGGER IF EXISTS z_reassign_features_deleted ON districts;
                DROP TRIGGER IF EXISTS z_reassign_features_updated ON districts;
                DROP FUNCTION IF EXISTS tuoyu_reassign_changed();

                CREATE FUNCTION tuoyu_reassign_all() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  UPDATE institutions SET location = location;
                  UPDATE nursing_rooms SET location = location;
                  UPDATE public_places SET location = location;
                  UPDATE residential_areas SET location = location;
                  UPDATE parcels SET boundary = boundary;
                  RETURN NULL;
                END $$;
                CREATE TRIGGER z_reassign_features AFTER INSERT OR DELETE OR UPDATE OF boundary, level, parent_code ON districts
                  FOR EACH STATEMENT EXECUTE FUNCTION tuoyu_reassign_all();
                """);
        }
    }
}
