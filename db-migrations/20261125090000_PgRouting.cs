using Geo.Api.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Geo.Api.Migrations
{
    /// <summary>
    /// pgRouting, against whose costs the walking network's in-process Dijkstra is checked. scripts/db.sh and the
    /// compose db image install it; a server without the package (e.g. a plain PostGIS image) still migrates,
    /// since the service itself never calls it, and the tests that compare with it fail there rather than skip.
    /// No model change: the extension is no part of the EF model, so this migration has no target model.
    /// </summary>
    [DbContext(typeof(TuoyuDbContext))]
    [Migration("20261125090000_PgRouting")]
    public partial class PgRouting : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DO $$
                BEGIN
                  IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pgrouting') THEN
                    CREATE EXTENSION IF NOT EXISTS pgrouting;
                  ELSE
                    RAISE NOTICE 'pgRouting is not installed on this server (Debian: postgresql-15-pgrouting); walking-network costs cannot be compared with it here.';
                  END IF;
                END
                $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP EXTENSION IF EXISTS pgrouting;");
        }
    }
}
