using Geo.Analysis.Spatial;
using Geo.Api.Data;
using Geo.Api.Data.Entities;
using Geo.Api.Features.Tiles;

namespace Geo.Api.Tests.Foundation;

public sealed class SpatialQueryTests(ApiFixture fixture) : ApiTest(fixture)
{
    private static readonly (double Lon, double Lat) Origin = (119.30, 26.08);

    /// <summary>
    /// GroundDistance beyond the few hundred metres the product mostly measures, against PostGIS's geodesic on
    /// the WGS-84 spheroid (ST_Distance on geography), an independent implementation (GeographicLib's algorithm).
    /// The documented accuracy is 1 part in 10⁵ for a few kilometres, growing with distance up to ~50 km.
    /// </summary>
    [Theory]
    [InlineData(119.30, 26.08, 1_000, 1e-5)]
    [InlineData(119.30, 26.08, 10_000, 1e-5)]
    [InlineData(119.30, 26.08, 50_000, 5e-5)]
    [InlineData(126.53, 45.80, 10_000, 1e-5)]
    [InlineData(126.53, 45.80, 50_000, 5e-5)]
    public async Task Ground_distance_agrees_with_the_PostGIS_geodesic(double lon, double lat, double metres, double relative)
    {
        await using var connection = new Npgsql.NpgsqlConnection(Fixture.ConnectionString);
        await connection.OpenAsync();
        // ST_Project walks the geodesic from (lon, lat) by `metres` at each azimuth, so the far point is exact.
        foreach (var azimuthDegrees in new[] { 0.0, 45.0, 90.0, 135.0 })
        {
            await using var command = new Npgsql.NpgsqlCommand("""
                SELECT ST_X(p::geometry), ST_Y(p::geometry), ST_Distance(ST_MakePoint($1, $2)::geography, p, true)
                  FROM (SELECT ST_Project(ST_MakePoint($1, $2)::geography, $3, radians($4)) AS p) q
                """, connection);
            command.Parameters.AddWithValue(lon);
            command.Parameters.AddWithValue(lat);
            command.Parameters.AddWithValue(metres);
            command.Parameters.AddWithValue(azimuthDegrees);
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            var (farLon, farLat, geodesic) = (reader.GetDouble(0), reader.GetDouble(1), reader.GetDouble(2));
            Assert.Equal(metres, geodesic, metres * 1e-9);

            var ours = GroundDistance.Metres(lon, lat, farLon, farLat);
            Assert.True(Math.Abs(ours - geodesic) <= geodesic * relative,
                $"{metres} m at {azimuthDegrees}° from ({lon}, {lat}): {ours:F3} m against the geodesic's {geodesic:F3} m");
        }
    }

    [Fact]
    public async Task Institutions_within_300_m_come_nearest_first_with_ground_distances()
    {
        // Offsets in metres east/north of the origin, turned into degrees with the ellipsoid's radii at 26.08°N.
        (string Name, double East, double North)[] placed =
        [
            ("north 100", 0, 100), ("east 250", 250, 0), ("north 299", 0, 299.5),
            ("south 301", 0, -301), ("north-east 500", 353.6, 353.6), ("west 180", -180, 0),
        ];
        await using (var db = Fixture.CreateDbContext())
        {
            db.Institutions.AddRange(placed.Select(p => NewInstitution(p.Name, Offset(p.East, p.North))));
            await db.SaveChangesAsync();
        }

        var origin = Wgs84.Point(Origin.Lon, Origin.Lat);
        await using var query = Fixture.CreateDbContext();
        var found = await query.Institutions
            .Where(i => GroundFunctions.WithinMetres(i.Location, origin, 300))
            .OrderBy(i => GroundFunctions.KnnMetres(i.Location, origin))
            .Select(i => new { i.Name, Metres = GroundFunctions.DistanceMetres(i.Location, origin) })
            .ToListAsync();

        Assert.Equal(["north 100", "west 180", "east 250", "north 299"], found.Select(f => f.Name));
        Assert.Equal(100, found[0].Metres, 0.05);
        Assert.Equal(180, found[1].Metres, 0.05);
        Assert.Equal(250, found[2].Metres, 0.05);
        Assert.Equal(299.5, found[3].Metres, 0.05);
    }

    [Fact]
    public async Task The_within_filter_is_answered_by_the_spatial_index()
    {
        await using var db = Fixture.CreateDbContext();
        var origin = Wgs84.Point(Origin.Lon, Origin.Lat);
        var sql = db.Institutions.Where(i => GroundFunctions.WithinMetres(i.Location, origin, 300)).Select(i => i.Id).ToQueryString();
        var statement = string.Join('\n', sql.Split('\n').Where(l => !l.StartsWith("--", StringComparison.Ordinal)))
            .Replace("@origin", "ST_SetSRID(ST_MakePoint(119.3, 26.08), 4326)", StringComparison.Ordinal);

        await using var connection = new Npgsql.NpgsqlConnection(Fixture.ConnectionString);
        await connection.OpenAsync();
        // Only a bitmap scan is left to the planner: an index scan of the primary key with the filter on top (which it
        // prices lowest for a table nearly empty) would say nothing of whether the filter can use the spatial index.
        await new Npgsql.NpgsqlCommand("SET enable_seqscan = off; SET enable_indexscan = off", connection).ExecuteNonQueryAsync();
        var plan = await PlanAsync(connection, statement);
        Assert.Contains(plan, line => line.Contains("ix_institutions_location_geography", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_outline_filter_on_residential_areas_uses_the_index_of_the_outlines_there_are()
    {
        await using var connection = new Npgsql.NpgsqlConnection(Fixture.ConnectionString);
        await connection.OpenAsync();
        // The index holds the areas that have an outline, not an entry for every area known by its point only.
        var definition = (string)(await new Npgsql.NpgsqlCommand(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_residential_areas_boundary'", connection).ExecuteScalarAsync())!;
        Assert.EndsWith("WHERE (boundary IS NOT NULL)", definition, StringComparison.Ordinal);

        // The map tile's filter, as TileEndpoints writes it: each arm of the OR still has its index.
        await new Npgsql.NpgsqlCommand("SET enable_seqscan = off; SET enable_indexscan = off", connection).ExecuteNonQueryAsync();
        var filter = TileEndpoints.Layers["residential-areas"].Filter.Replace("b.wgs84", "ST_MakeEnvelope(119.2, 26.0, 119.4, 26.1, 4326)", StringComparison.Ordinal);
        var plan = await PlanAsync(connection, "SELECT t.id FROM residential_areas t WHERE " + filter);
        Assert.Contains(plan, line => line.Contains("ix_residential_areas_boundary", StringComparison.Ordinal));
        Assert.Contains(plan, line => line.Contains("ix_residential_areas_location", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ground_distance_is_indexed_only_where_the_nearby_search_asks_for_it()
    {
        await using var connection = new Npgsql.NpgsqlConnection(Fixture.ConnectionString);
        await connection.OpenAsync();
        await using var reader = await new Npgsql.NpgsqlCommand(
            "SELECT tablename FROM pg_indexes WHERE schemaname = 'public' AND indexdef LIKE '%::geography%' ORDER BY tablename", connection).ExecuteReaderAsync();
        var tables = new SortedSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            tables.Add(reader.GetString(0));
        }

        Assert.Equal(["institutions", "nursing_rooms"], tables);
    }

    private static async Task<List<string>> PlanAsync(Npgsql.NpgsqlConnection connection, string statement)
    {
        await using var reader = await new Npgsql.NpgsqlCommand("EXPLAIN " + statement, connection).ExecuteReaderAsync();
        var plan = new List<string>();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetString(0));
        }

        return plan;
    }

    internal static Institution NewInstitution(string name, NetTopologySuite.Geometries.Point location) => new()
    {
        Name = name,
        Location = location,
        Nature = InstitutionNature.NonProfit,
        OperatorType = OperatorType.Independent,
        ServiceTypes = [ServiceType.FullDay],
        ApprovedSlots = 50,
        EnrolledSlots = 20,
        FilingStatus = FilingStatus.Filed,
        Status = InstitutionStatus.Operating,
        DataSource = "test",
    };

    private static NetTopologySuite.Geometries.Point Offset(double east, double north)
    {
        var (perLon, perLat) = GroundDistance.MetresPerDegree(Origin.Lat);
        return Wgs84.Point(Origin.Lon + east / perLon, Origin.Lat + north / perLat);
    }
}
