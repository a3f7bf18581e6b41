using Geo.Analysis.Spatial;
using Geo.Api.Data.Entities;
using Geo.Api.Tests.Foundation;
using NetTopologySuite.Geometries;
using Npgsql;

namespace Geo.Api.Tests.Districts;

/// <summary>
/// A boundary change re-derives only the rows it can affect (their point in the old or the new boundary, or assigned
/// to the changed unit), and what it derives is what re-deriving every row would: the per-row join of the layers'
/// own trigger, run afterwards over everything, must find nothing to change.
/// </summary>
public sealed class BoundaryReassignmentTests(ApiFixture fixture) : ApiTest(fixture)
{
    private static readonly string[] Layers = ["institutions", "residential_areas"];

    [Fact]
    public async Task A_boundary_change_assigns_as_a_full_rederivation_and_leaves_rows_far_away_unwritten()
    {
        // 鼓楼 west of 119.30 with two 街道, 台江 east of it with a 街道 known by name only (no boundary), 福清 far away.
        await Fixture.ExecuteAsync($"""
            INSERT INTO districts (code, name, level, parent_code, boundary, boundary_is_synthetic, data_source) VALUES
              ('350000', '福建省', 'province', NULL, NULL, false, 'test'),
              ('350100', '福州市', 'city', '350000', NULL, false, 'test'),
              ('350102', '鼓楼区', 'district', '350100', {Box(119.28, 26.06, 119.30, 26.10)}, false, 'test'),
              ('350102001', '西街道', 'subdistrict', '350102', {Box(119.28, 26.06, 119.29, 26.10)}, false, 'test'),
              ('350102002', '东街道', 'subdistrict', '350102', {Box(119.29, 26.06, 119.30, 26.10)}, false, 'test'),
              ('350103', '台江区', 'district', '350100', {Box(119.30, 26.06, 119.32, 26.10)}, false, 'test'),
              ('350103001', '瀛洲街道', 'subdistrict', '350103', NULL, false, 'test'),
              ('350181', '福清市', 'district', '350100', {Box(119.40, 25.70, 119.45, 25.75)}, false, 'test');
            """);
        (string Name, double Lon, double Lat)[] points =
        [
            ("西", 119.285, 26.08), ("东", 119.295, 26.08), ("东缘", 119.2995, 26.08), ("台江", 119.305, 26.08),
            ("台江东", 119.315, 26.08), ("区外", 119.36, 26.08), ("福清", 119.42, 25.72), ("福清二", 119.43, 25.73),
        ];
        await using (var db = Fixture.CreateDbContext())
        {
            db.Institutions.AddRange(points.Select(p => SpatialQueryTests.NewInstitution(p.Name, Wgs84.Point(p.Lon, p.Lat))));
            db.ResidentialAreas.AddRange(points.Select(p => new ResidentialArea
            {
                Name = p.Name, Boundary = Square(p.Lon, p.Lat), Population = 1000, Kind = ResidentialKind.Old, DataSource = "test",
            }));
            await db.SaveChangesAsync();
        }

        // One area of 台江 declares its 街道 by name (an import's 所属街道): kept while that 街道 has no boundary.
        await Fixture.ExecuteAsync("UPDATE residential_areas SET subdistrict_code = '350103001' WHERE name = '台江东'");
        Assert.Equal(("350103001", "350103"), (await AssignmentsAsync("residential_areas"))["台江东"].Codes);
        var before = await AssignmentsAsync("institutions");
        Assert.Equal(("350102002", "350102"), before["东缘"].Codes);
        Assert.Equal((null, "350181"), before["福清"].Codes);

        // 鼓楼 grows east to 119.31, its 东街道 with it; 台江 shrinks to what is left; 瀛洲街道 gets a boundary; 西街道 goes.
        await Fixture.ExecuteAsync($"""
            UPDATE districts SET boundary = CASE code WHEN '350102' THEN {Box(119.28, 26.06, 119.31, 26.10)}
                                                      WHEN '350102002' THEN {Box(119.29, 26.06, 119.31, 26.10)}
                                                      ELSE {Box(119.31, 26.06, 119.32, 26.10)} END
             WHERE code IN ('350102', '350102002', '350103');
            UPDATE districts SET boundary = {Box(119.31, 26.06, 119.312, 26.10)} WHERE code = '350103001';
            DELETE FROM districts WHERE code = '350102001';
            """);

        var incremental = new Dictionary<string, Dictionary<string, Assignment>>();
        foreach (var layer in Layers)
        {
            incremental[layer] = await AssignmentsAsync(layer);
        }

        Assert.Equal(("350102002", "350102"), incremental["institutions"]["台江"].Codes);
        Assert.Equal((null, "350102"), incremental["institutions"]["西"].Codes);
        Assert.Equal((null, "350103"), incremental["residential_areas"]["台江东"].Codes);
        foreach (var far in new[] { "福清", "福清二", "区外" })
        {
            Assert.Equal(before[far].Version, incremental["institutions"][far].Version);
        }

        // Every row re-derived by the per-row join, as the reassignment did before it was incremental.
        await Fixture.ExecuteAsync("UPDATE institutions SET location = location; UPDATE residential_areas SET location = location;");
        foreach (var layer in Layers)
        {
            var full = await AssignmentsAsync(layer);
            Assert.Equal(full.ToDictionary(r => r.Key, r => r.Value.Codes), incremental[layer].ToDictionary(r => r.Key, r => r.Value.Codes));
        }
    }

    [Fact]
    public async Task A_change_of_other_fields_or_of_a_city_writes_no_feature()
    {
        await Fixture.ExecuteAsync($"""
            INSERT INTO districts (code, name, level, parent_code, boundary, boundary_is_synthetic, data_source) VALUES
              ('350100', '福州市', 'city', NULL, {Box(119.0, 25.5, 120.0, 26.5)}, false, 'test'),
              ('350102', '鼓楼区', 'district', '350100', {Box(119.28, 26.06, 119.30, 26.10)}, false, 'test');
            """);
        await using (var db = Fixture.CreateDbContext())
        {
            db.Institutions.Add(SpatialQueryTests.NewInstitution("甲", Wgs84.Point(119.29, 26.08)));
            await db.SaveChangesAsync();
        }

        var before = (await AssignmentsAsync("institutions"))["甲"];
        await Fixture.ExecuteAsync($"""
            UPDATE districts SET population = 700000, name = '鼓楼' WHERE code = '350102';
            UPDATE districts SET boundary = {Box(119.1, 25.6, 120.0, 26.5)} WHERE code = '350100';
            """);
        var after = (await AssignmentsAsync("institutions"))["甲"];
        Assert.Equal(("350102", before.Version), (after.Codes.District, after.Version));
    }

    private sealed record Assignment((string? Subdistrict, string? District) Codes, uint Version);

    private async Task<Dictionary<string, Assignment>> AssignmentsAsync(string layer)
    {
        await using var connection = new NpgsqlConnection(Fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT name, subdistrict_code, district_code, xmin::text::bigint FROM {layer}", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new Dictionary<string, Assignment>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            rows[reader.GetString(0)] = new Assignment(
                (reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)), (uint)reader.GetInt64(3));
        }

        return rows;
    }

    private static string Box(double minLon, double minLat, double maxLon, double maxLat) =>
        FormattableString.Invariant($"ST_Multi(ST_MakeEnvelope({minLon}, {minLat}, {maxLon}, {maxLat}, 4326))");

    private static MultiPolygon Square(double lon, double lat) =>
        Wgs84.Factory.CreateMultiPolygon([(Polygon)Wgs84.Factory.ToGeometry(new Envelope(lon - 0.0002, lon + 0.0002, lat - 0.0002, lat + 0.0002))]);
}
