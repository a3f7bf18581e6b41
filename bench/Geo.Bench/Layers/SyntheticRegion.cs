using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using NetTopologySuite.Geometries;
using Geo.Analysis.Spatial;

namespace Geo.Bench.Layers;

/// <summary>
/// Loads a large synthetic region for the data-layer benchmarks: institutions and residential areas spread
/// over eight city centres around Fuzhou (Gaussian clusters, σ 2–6 km, plus a thin uniform background),
/// deterministic for a seed. Rows go in with binary COPY, so the database's triggers still derive their
/// 街道, areas and points. Usage: `Geo.Bench generate-layers "&lt;connection string&gt;" [institutions] [areas]`.
/// </summary>
public static class SyntheticRegion
{
    // The nine prefecture-level cities of Fujian (approximate centres), weighted by population (millions, 2020).
    private static readonly (double Lon, double Lat, double SigmaKm, double Weight)[] Centres =
    [
        (119.296, 26.075, 12, 8.3), (118.089, 24.480, 10, 5.2), (118.676, 24.874, 14, 8.8), (117.647, 24.513, 14, 5.1),
        (119.008, 25.454, 10, 3.2), (117.639, 26.263, 12, 2.5), (118.178, 26.642, 12, 2.7), (117.017, 25.075, 12, 2.7),
        (119.548, 26.666, 10, 3.1),
    ];
    private const double Background = 0.15;
    private static readonly Envelope Province = new(115.8, 120.5, 23.5, 28.3);

    public static async Task<int> RunAsync(string[] args)
    {
        var connectionString = args.ElementAtOrDefault(1) ?? throw new ArgumentException("usage: generate-layers <connection string> [institutions] [areas]");
        var institutions = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 50_000;
        var areas = args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 200_000;

        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.UseNetTopologySuite();
        await using var dataSource = builder.Build();
        var random = new Random(20261123);
        var clock = Stopwatch.StartNew();

        await using (var copy = await (await dataSource.OpenConnectionAsync()).BeginBinaryImportAsync(
            "COPY institutions (name, address, location, nature, operator_type, service_types, approved_slots, enrolled_slots, " +
            "is_puhui, is_demonstration, is_standardised, filing_status, status, data_source, source_crs, created_at, updated_at) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < institutions; i++)
            {
                var location = RandomPoint(random);
                var approved = 20 + 10 * random.Next(12);
                await copy.StartRowAsync();
                await copy.WriteAsync($"合成托育机构 {i + 1}");
                await copy.WriteAsync("");
                await copy.WriteAsync(location, NpgsqlDbType.Geometry);
                await copy.WriteAsync(random.Next(3) switch { 0 => "public_institution", 1 => "non_profit", _ => "for_profit" });
                await copy.WriteAsync("independent");
                await copy.WriteAsync(random.Next(2) == 0 ? new[] { "full_day" } : new[] { "full_day", "hourly" }, NpgsqlDbType.Array | NpgsqlDbType.Text);
                await copy.WriteAsync(approved);
                await copy.WriteAsync(random.Next(approved + 1));
                await copy.WriteAsync(random.Next(2) == 0);
                await copy.WriteAsync(false);
                await copy.WriteAsync(random.Next(10) == 0);
                await copy.WriteAsync(random.Next(10) < 8 ? "filed" : "unfiled");
                await copy.WriteAsync(random.Next(20) == 0 ? "planned" : "operating");
                await copy.WriteAsync("bench (synthetic)");
                await copy.WriteAsync("EPSG:4326");
                await copy.WriteAsync(DateTimeOffset.UtcNow, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(DateTimeOffset.UtcNow, NpgsqlDbType.TimestampTz);
            }

            await copy.CompleteAsync();
        }

        Console.WriteLine($"institutions: {institutions:N0} in {clock.Elapsed.TotalSeconds:F1} s");
        clock.Restart();

        await using (var copy = await (await dataSource.OpenConnectionAsync()).BeginBinaryImportAsync(
            "COPY residential_areas (name, boundary, population, kind, completion_year, population_is_estimated, data_source, source_crs, created_at, updated_at) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < areas; i++)
            {
                var centre = RandomPoint(random);
                await copy.StartRowAsync();
                await copy.WriteAsync($"合成居住区 {i + 1}");
                await copy.WriteAsync(Rectangle(centre, 60 + 140 * random.NextDouble(), 60 + 120 * random.NextDouble()), NpgsqlDbType.Geometry);
                await copy.WriteAsync(300 + random.Next(4000));
                await copy.WriteAsync(random.Next(3) == 0 ? "new" : "old");
                await copy.WriteAsync(1980 + random.Next(45));
                await copy.WriteAsync(false);
                await copy.WriteAsync("bench (synthetic)");
                await copy.WriteAsync("EPSG:4326");
                await copy.WriteAsync(DateTimeOffset.UtcNow, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(DateTimeOffset.UtcNow, NpgsqlDbType.TimestampTz);
            }

            await copy.CompleteAsync();
        }

        Console.WriteLine($"residential areas: {areas:N0} in {clock.Elapsed.TotalSeconds:F1} s");
        await using var analyze = dataSource.CreateCommand("ANALYZE");
        await analyze.ExecuteNonQueryAsync();
        return 0;
    }

    private static Point RandomPoint(Random random)
    {
        if (random.NextDouble() < Background)
        {
            return Wgs84.Point(Province.MinX + random.NextDouble() * Province.Width, Province.MinY + random.NextDouble() * Province.Height);
        }

        var total = Centres.Sum(c => c.Weight);
        var pick = random.NextDouble() * total;
        var centre = Centres.First(c => (pick -= c.Weight) <= 0);
        var (perLon, perLat) = GroundDistance.MetresPerDegree(centre.Lat);
        // Box–Muller: a Gaussian offset in metres.
        var r = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * centre.SigmaKm * 1000;
        var theta = 2 * Math.PI * random.NextDouble();
        return Wgs84.Point(centre.Lon + r * Math.Cos(theta) / perLon, centre.Lat + r * Math.Sin(theta) / perLat);
    }

    private static MultiPolygon Rectangle(Point centre, double width, double height)
    {
        var (perLon, perLat) = GroundDistance.MetresPerDegree(centre.Y);
        var dx = width / 2 / perLon;
        var dy = height / 2 / perLat;
        var ring = new[]
        {
            new Coordinate(centre.X - dx, centre.Y - dy), new Coordinate(centre.X + dx, centre.Y - dy),
            new Coordinate(centre.X + dx, centre.Y + dy), new Coordinate(centre.X - dx, centre.Y + dy),
            new Coordinate(centre.X - dx, centre.Y - dy),
        };
        return Wgs84.Factory.CreateMultiPolygon([Wgs84.Factory.CreatePolygon(ring)]);
    }
}
