using Npgsql;

namespace Geo.Api.Tests.Foundation;

public sealed class MigrationTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task Migrations_apply_to_an_empty_database_and_running_them_again_changes_nothing()
    {
        var name = $"tuoyu_migrate_{Guid.NewGuid():N}";
        var admin = new NpgsqlConnectionStringBuilder(TestDatabase.Admin(Fixture.ConnectionString));
        await using (var connection = new NpgsqlConnection(admin.ConnectionString))
        {
            await connection.OpenAsync();
            await new NpgsqlCommand($"CREATE DATABASE {name}", connection).ExecuteNonQueryAsync();
        }

        var target = new NpgsqlConnectionStringBuilder(Fixture.ConnectionString) { Database = name, Pooling = false }.ConnectionString;
        try
        {
            var options = new DbContextOptionsBuilder<Data.TuoyuDbContext>();
            Data.DatabaseServices.Configure(options, target);
            await using (var db = new Data.TuoyuDbContext(options.Options))
            {
                Assert.NotEmpty(await db.Database.GetPendingMigrationsAsync());
                await db.Database.MigrateAsync();
                Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            }

            var schemaBefore = await SchemaFingerprintAsync(target);
            await using (var db = new Data.TuoyuDbContext(options.Options))
            {
                await db.Database.MigrateAsync();
                Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
            }

            Assert.Equal(schemaBefore, await SchemaFingerprintAsync(target));
            Assert.Contains("postgis", schemaBefore);
        }
        finally
        {
            await using var connection = new NpgsqlConnection(admin.ConnectionString);
            await connection.OpenAsync();
            await new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection).ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public async Task Every_geometry_column_has_its_kind_SRID_4326_and_a_GiST_index()
    {
        var columns = await QueryAsync(Fixture.ConnectionString, """
            SELECT f_table_name || '.' || f_geometry_column || ':' || type || ':' || srid
              FROM geometry_columns WHERE f_table_schema = 'public' ORDER BY 1
            """);
        Assert.Equal(
        [
            "districts.boundary:MULTIPOLYGON:4326",
            "institutions.location:POINT:4326",
            "nursing_rooms.location:POINT:4326",
            "parcels.boundary:MULTIPOLYGON:4326",
            "parcels.location:POINT:4326",
            "public_places.location:POINT:4326",
            "residential_areas.boundary:MULTIPOLYGON:4326",
            "residential_areas.location:POINT:4326",
            "street_edges.geometry:LINESTRING:4326",
            "street_nodes.location:POINT:4326",
        ], columns);

        foreach (var column in columns.Select(c => c.Split(':')[0].Split('.')))
        {
            var indexes = await QueryAsync(Fixture.ConnectionString,
                $"SELECT indexdef FROM pg_indexes WHERE tablename = '{column[0]}' AND indexdef ILIKE '%USING gist ({column[1]})%'");
            Assert.True(indexes.Count == 1, $"{column[0]}.{column[1]} has no GiST index");
        }
    }

    [Theory]
    [InlineData("INSERT INTO institutions (name, address, is_puhui, is_demonstration, is_standardised, location, nature, operator_type, service_types, approved_slots, enrolled_slots, filing_status, status, data_source) VALUES ('x', 'a', false, false, false, ST_SetSRID(ST_MakePoint(119.3, 26.08), 4326), 'charity', 'independent', '{}', 10, 0, 'filed', 'operating', 't')", "23514", "ck_institutions_nature")]
    [InlineData("INSERT INTO institutions (name, address, is_puhui, is_demonstration, is_standardised, location, nature, operator_type, service_types, approved_slots, enrolled_slots, filing_status, status, data_source) VALUES ('x', 'a', false, false, false, ST_SetSRID(ST_MakePoint(119.3, 26.08), 4326), 'non_profit', 'independent', '{}', 10, 11, 'filed', 'operating', 't')", "23514", "ck_institutions_slots")]
    [InlineData("INSERT INTO institutions (name, address, is_puhui, is_demonstration, is_standardised, location, nature, operator_type, service_types, approved_slots, enrolled_slots, filing_status, status, data_source) VALUES ('x', 'a', false, false, false, ST_SetSRID(ST_MakePoint(119.3, 26.08), 4326), 'non_profit', 'independent', '{weekly}', 10, 1, 'filed', 'operating', 't')", "23514", "ck_institutions_service_types")]
    [InlineData("INSERT INTO institutions (name, address, is_puhui, is_demonstration, is_standardised, location, nature, operator_type, service_types, approved_slots, enrolled_slots, filing_status, status, data_source) VALUES ('x', 'a', false, false, false, ST_SetSRID(ST_MakePoint(119.3, 26.08), 3857), 'non_profit', 'independent', '{}', 10, 1, 'filed', 'operating', 't')", "22023", null)]
    [InlineData("INSERT INTO parcels (name, code, boundary, land_use, status, allocation_eligible, data_source) VALUES ('p', 'C1', ST_Multi(ST_MakeEnvelope(119.3, 26.08, 119.301, 26.081, 4326)), 'education', 'for_sale', false, 't')", "23514", "ck_parcels_status")]
    [InlineData("INSERT INTO nursing_rooms (name, venue_name, venue_type, location, usable_area_m2, equipment, data_source) VALUES ('r', 'v', 'mall', ST_SetSRID(ST_MakePoint(119.3, 26.08), 4326), 0, '{}', 't')", "23514", "ck_nursing_rooms_usable_area")]
    public async Task Check_constraints_refuse_values_outside_the_enumerations_and_ranges(string insert, string sqlState, string? constraint)
    {
        // Any error would do for ThrowsAsync alone: a typo in a column name must not pass for a working constraint.
        // 23514 is check_violation; 22023 is PostGIS refusing a geometry whose SRID differs from the column's type.
        var refused = await Assert.ThrowsAsync<PostgresException>(() => QueryAsync(Fixture.ConnectionString, insert));
        Assert.Equal(sqlState, refused.SqlState);
        Assert.Equal(constraint, refused.ConstraintName);
    }

    private static async Task<string> SchemaFingerprintAsync(string connectionString) =>
        string.Join('\n', await QueryAsync(connectionString, """
            SELECT 'ext ' || extname FROM pg_extension
            UNION ALL SELECT 'col ' || table_name || '.' || column_name || ' ' || udt_name FROM information_schema.columns WHERE table_schema = 'public'
            UNION ALL SELECT 'idx ' || indexname FROM pg_indexes WHERE schemaname = 'public'
            UNION ALL SELECT 'chk ' || conname FROM pg_constraint WHERE connamespace = 'public'::regnamespace
            UNION ALL SELECT 'trg ' || tgname || ' ' || tgrelid::regclass FROM pg_trigger WHERE NOT tgisinternal
            UNION ALL SELECT 'mig ' || migration_id FROM __ef_migrations_history
            ORDER BY 1
            """));

    private static async Task<List<string>> QueryAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var reader = await new NpgsqlCommand(sql, connection).ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }
}
