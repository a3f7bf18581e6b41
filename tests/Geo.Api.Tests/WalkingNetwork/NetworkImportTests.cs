using System.Globalization;
using System.Text;
using System.Text.Json;
using Geo.Analysis.Coordinates;
using Geo.Analysis.Network;
using Geo.Analysis.Spatial;
using Geo.Api.Data.Entities;
using Geo.Api.Features.WalkingNetwork;
using Geo.Api.Tests.ImportExport;
using Geo.Api.Tests.Infrastructure;
using Npgsql;
using OsmSharp.Streams;

namespace Geo.Api.Tests.WalkingNetwork;

/// <summary>Walking networks imported from OSM XML written here (and from it, PBF and GeoJSON), stored in PostGIS, compared with pgRouting.</summary>
public sealed class NetworkImportTests(ApiFixture fixture) : ApiTest(fixture)
{
    private const string Gulou = "350102";
    private const double BaseLon = 119.30, BaseLat = 26.08;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var db = Fixture.CreateDbContext();
        db.Districts.Add(new District { Code = Gulou, Name = "鼓楼区", Level = DistrictLevel.District });
        await db.SaveChangesAsync();
    }

    private static (double Lon, double Lat) At(double east, double north)
    {
        var (perLon, perLat) = GroundDistance.MetresPerDegree(BaseLat);
        return (BaseLon + east / perLon, BaseLat + north / perLat);
    }

    // The metadata every element of a planet extract carries (the PBF writer needs it).
    private const string Meta = "version='1' timestamp='2026-01-01T00:00:00Z' changeset='1' uid='1' user='test' visible='true'";

    /// <summary>OSM XML: nodes at (east, north) metres, ways over node ids with tags.</summary>
    private static byte[] Osm(IEnumerable<(long Id, double E, double N)> nodes, IEnumerable<(long Id, long[] Nodes, string Tags)> ways)
    {
        var xml = new StringBuilder("<?xml version='1.0' encoding='UTF-8'?>\n<osm version='0.6' generator='test'>\n");
        foreach (var (id, e, n) in nodes)
        {
            var (lon, lat) = At(e, n);
            xml.Append(CultureInfo.InvariantCulture, $"  <node id='{id}' {Meta} lat='{lat:R}' lon='{lon:R}'/>\n");
        }

        foreach (var (id, refs, tags) in ways)
        {
            xml.Append(CultureInfo.InvariantCulture, $"  <way id='{id}' {Meta}>");
            foreach (var r in refs)
            {
                xml.Append(CultureInfo.InvariantCulture, $"<nd ref='{r}'/>");
            }

            foreach (var tag in tags.Split(';', StringSplitOptions.RemoveEmptyEntries))
            {
                var kv = tag.Split('=');
                xml.Append(CultureInfo.InvariantCulture, $"<tag k='{kv[0]}' v='{kv[1]}'/>");
            }

            xml.Append("</way>\n");
        }

        return Encoding.UTF8.GetBytes(xml.Append("</osm>\n").ToString());
    }

    /// <summary>
    /// The river town: south bank street 1-2-3 (one-way), north bank 4-5-6, one bridge 3-4 (footway); a steps
    /// short cut 2-7; excluded: a private lane, a foot=no path, a primary road without sidewalk, a river (no highway).
    /// </summary>
    private static byte[] RiverTown() => Osm(
        [(1, 0, 0), (2, 300, 0), (3, 650, 0), (4, 650, 100), (5, 300, 100), (6, 0, 100), (7, 300, -40), (8, 0, -200), (9, 650, -200), (10, 0, 50), (11, 650, 50)],
        [
            (101, [1, 2, 3], "highway=residential;oneway=yes"),
            (102, [3, 4], "highway=footway;bridge=yes"),
            (103, [4, 5, 6], "highway=residential"),
            (104, [2, 7], "highway=steps"),
            (105, [1, 8], "highway=service;access=private"),
            (106, [8, 9], "highway=path;foot=no"),
            (107, [9, 3], "highway=primary;sidewalk=no"),
            (108, [10, 11], "waterway=river"),
        ]);

    /// <summary>The river town's walkable ways as GeoJSON lines (WGS-84), as a planner's own street file would hold them.</summary>
    private static byte[] RiverStreets() => LineFile("LineString", [[(0, 0), (300, 0), (650, 0)], [(650, 0), (650, 100)], [(650, 100), (300, 100), (0, 100)], [(300, 0), (300, -40)]]);

    /// <summary>A GeoJSON FeatureCollection of one geometry type (Point, LineString, Polygon), positions in metres east/north, each with a name.</summary>
    private static byte[] LineFile(string type, (double E, double N)[][] features)
    {
        static string Position((double Lon, double Lat) c) => string.Create(CultureInfo.InvariantCulture, $"[{c.Lon:R},{c.Lat:R}]");
        string Coordinates((double E, double N)[] points)
        {
            var line = "[" + string.Join(",", points.Select(p => Position(At(p.E, p.N)))) + "]";
            return type switch { "Point" => Position(At(points[0].E, points[0].N)), "Polygon" => $"[{line}]", _ => line };
        }

        return Encoding.UTF8.GetBytes("{\"type\":\"FeatureCollection\",\"features\":[" + string.Join(",", features.Select((f, k) =>
            $"{{\"type\":\"Feature\",\"properties\":{{\"name\":\"road{k}\"}},\"geometry\":{{\"type\":\"{type}\",\"coordinates\":{Coordinates(f)}}}}}")) + "]}");
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, byte[] file, string fileName, string query = "") =>
        ImportFiles.PostFileAsync(client, $"/api/districts/{Gulou}/network?{query}", file, fileName);

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await ImportFiles.JsonAsync(response);
    }

    [Fact]
    public async Task OSM_XML_dry_run_reports_walkable_ways_and_stores_nothing_then_commit_stores_a_version()
    {
        var dry = await JsonAsync(await PostAsync(Client, RiverTown(), "river.osm"));
        Assert.Equal("osm_xml", dry.GetProperty("format").GetString());
        Assert.Equal(8, dry.GetProperty("ways_read").GetInt32());
        Assert.Equal(4, dry.GetProperty("ways_walkable").GetInt32());
        var excluded = dry.GetProperty("ways_excluded");
        Assert.Equal(1, excluded.GetProperty("access_private").GetInt32());
        Assert.Equal(1, excluded.GetProperty("foot_no").GetInt32());
        Assert.Equal(1, excluded.GetProperty("no_sidewalk").GetInt32());
        Assert.Equal(6, dry.GetProperty("nodes").GetInt32()); // 1, 2 (steps meet), 3, 4, 6, 7
        Assert.Equal(5, dry.GetProperty("edges").GetInt32());
        Assert.Equal(650 + 100 + 650 + 40, dry.GetProperty("total_length_m").GetDouble(), 0.05);
        Assert.False(dry.GetProperty("committed").GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/districts/{Gulou}/network")).StatusCode);

        var first = await JsonAsync(await PostAsync(Client, RiverTown(), "river.osm", "mode=commit"));
        Assert.Equal(1, first.GetProperty("version").GetInt32());
        var again = await JsonAsync(await PostAsync(Client, RiverTown(), "river.osm", "mode=commit"));
        Assert.Equal(2, again.GetProperty("version").GetInt32());

        var summary = await JsonAsync(await Public.GetAsync($"/api/districts/{Gulou}/network"));
        Assert.Equal((2, 6, 5), (summary.GetProperty("version").GetInt32(), summary.GetProperty("nodes").GetInt32(), summary.GetProperty("edges").GetInt32()));
        Assert.Equal("import: river.osm", summary.GetProperty("data_source").GetString());

        // The stored graph walks the one-way street against its direction, and crosses only at the bridge.
        await using var db = Fixture.CreateDbContext();
        var graph = (await NetworkStore.LoadGraphAsync(db, Gulou, CancellationToken.None))!;
        var result = NetworkCatchments.Compute(graph,
            [new NetworkPlace("north", Wgs84.Point(At(0, 100).Lon, At(0, 100).Lat))],
            [new NetworkPlace("south", Wgs84.Point(At(0, 0).Lon, At(0, 0).Lat))], WalkingCutoff.InMetres(2000));
        Assert.Equal(1400, result.Catchments[0].Demand.Single().Metres, 0.05);
    }

    [Fact]
    public async Task PBF_and_GeoJSON_lines_give_the_same_network_as_the_XML()
    {
        var xml = RiverTown();
        using var pbf = new MemoryStream();
        var target = new PBFOsmStreamTarget(pbf);
        target.RegisterSource(new XmlOsmStreamSource(new MemoryStream(xml)));
        target.Pull();
        target.Flush();

        var fromXml = await JsonAsync(await PostAsync(Client, xml, "river.osm"));
        var fromPbf = await JsonAsync(await PostAsync(Client, pbf.ToArray(), "river.osm.pbf"));
        Assert.Equal("osm_pbf", fromPbf.GetProperty("format").GetString());
        Assert.Equal(fromXml.GetProperty("edges").GetInt32(), fromPbf.GetProperty("edges").GetInt32());
        // PBF stores coordinates to 1e-7 degrees (about 1 cm), so lengths agree to a few centimetres.
        Assert.Equal(fromXml.GetProperty("total_length_m").GetDouble(), fromPbf.GetProperty("total_length_m").GetDouble(), 0.05);

        var lines = await JsonAsync(await PostAsync(Client, RiverStreets(), "streets.geojson", "mode=commit"));
        Assert.Equal("geojson", lines.GetProperty("format").GetString());
        Assert.Equal(fromXml.GetProperty("edges").GetInt32(), lines.GetProperty("edges").GetInt32());
        Assert.Equal(fromXml.GetProperty("total_length_m").GetDouble(), lines.GetProperty("total_length_m").GetDouble(), 1e-3);
    }

    [Theory]
    [InlineData("broken XML", "OpenStreetMap")]
    [InlineData("no walkable way", "没有可步行的道路")]
    [InlineData("empty", "文件为空")]
    public async Task Bad_files_are_a_400_naming_the_file_and_change_nothing(string kind, string words)
    {
        await JsonAsync(await PostAsync(Client, RiverTown(), "river.osm", "mode=commit"));
        var file = kind switch
        {
            "broken XML" => Encoding.UTF8.GetBytes("<osm><node id='1' lat='26.0' lon='119.3'><way"),
            "no walkable way" => Osm([(1, 0, 0), (2, 100, 0)], [(1, [1, 2], "highway=motorway")]),
            _ => [],
        };

        var response = await PostAsync(Client, file, "bad.osm", "mode=commit");
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(words, text, StringComparison.Ordinal);
        Assert.Contains("\"file\"", text, StringComparison.Ordinal);
        var summary = await JsonAsync(await Client.GetAsync($"/api/districts/{Gulou}/network"));
        Assert.Equal((1, 5), (summary.GetProperty("version").GetInt32(), summary.GetProperty("edges").GetInt32()));
    }

    /// <summary>
    /// The river town's streets as a planner's GIS department hands them over, written by GDAL (not by TuoyuGeo) in
    /// CGCS2000 Gauss-Krüger (zone of 120°E, northing first): a zipped Shapefile with its .prj, and a GeoPackage with its srs.
    /// Dry run, then commit: the stored ways equal the GeoJSON import of the same lines.
    /// </summary>
    [Theory]
    [InlineData("shp")]
    [InlineData("gpkg")]
    public async Task A_shapefile_or_geopackage_in_gauss_kruger_stores_the_same_ways_as_the_geojson(string form)
    {
        var zone = Crs.GaussKrugerCentralMeridian(120);
        var (file, name) = await GdalFileAsync(RiverStreets(), form, zone.Code);

        var dry = await JsonAsync(await PostAsync(Client, file, name));
        Assert.Equal((form == "shp" ? "shapefile" : "gpkg", zone.Code, false), (dry.GetProperty("format").GetString(), dry.GetProperty("source_crs").GetString(), dry.GetProperty("committed").GetBoolean()));
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/districts/{Gulou}/network")).StatusCode);
        var committed = await JsonAsync(await PostAsync(Client, file, name, "mode=commit"));
        Assert.True(committed.GetProperty("committed").GetBoolean());
        var fromFile = await StoredWaysAsync();

        await JsonAsync(await PostAsync(Client, RiverStreets(), "streets.geojson", "mode=commit"));
        var fromGeoJson = await StoredWaysAsync();
        Assert.Equal((6, 5), (fromGeoJson.Nodes, fromGeoJson.Lengths.Count)); // 1, 2 (where the steps meet), 3, 4, 6, 7
        Assert.Equal((fromGeoJson.Nodes, fromGeoJson.Lengths.Count), (fromFile.Nodes, fromFile.Lengths.Count));
        Assert.All(fromGeoJson.Lengths.Zip(fromFile.Lengths), pair => Assert.Equal(pair.First, pair.Second, 0.01));
        Assert.Equal(650 + 100 + 650 + 40, fromFile.Lengths.Sum(), 0.05);
    }

    /// <summary>Each bad network file is a 400 on <c>file</c> in Chinese first, and the network committed before stays as it was.</summary>
    [Theory]
    [InlineData("zip without .shp", "压缩包中没有 .shp")]
    [InlineData("geopackage without lines", "只能包含线（LineString、MultiLineString）：第 1 条记录是面")]
    [InlineData("points", "只能包含线（LineString、MultiLineString）：第 1 条记录是点")]
    [InlineData("unknown crs", "不支持 .prj 所述的坐标系")]
    [InlineData("empty geopackage", "文件中没有要素")]
    [InlineData("empty file", "文件为空")]
    public async Task Bad_line_files_are_a_chinese_400_and_change_nothing(string kind, string words)
    {
        await JsonAsync(await PostAsync(Client, RiverStreets(), "streets.geojson", "mode=commit"));
        var before = await StoredWaysAsync();
        var points = LineFile("Point", [[(0, 0)], [(300, 0)]]);
        var (file, name) = kind switch
        {
            "zip without .shp" => (ImportFiles.Zip([("streets.dbf", new byte[] { 3, 0, 0, 0 }), ("readme.txt", Encoding.UTF8.GetBytes("道路"))]), "streets.zip"),
            "geopackage without lines" => await GdalFileAsync(LineFile("Polygon", [[(0, 0), (100, 0), (100, 100), (0, 0)]]), "gpkg", "EPSG:4326"),
            "points" => await GdalFileAsync(points, "shp", "EPSG:4549"),
            "unknown crs" => await GdalFileAsync(RiverStreets(), "shp", "EPSG:32650"),
            "empty geopackage" => await GdalFileAsync(Encoding.UTF8.GetBytes("{\"type\":\"FeatureCollection\",\"features\":[]}"), "gpkg", "EPSG:4549"),
            _ => (Array.Empty<byte>(), "streets.gpkg"),
        };

        var response = await PostAsync(Client, file, name, "mode=commit");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {text}");
        var message = JsonNode.Parse(text)!["errors"]!["file"]![0]!.GetValue<string>();
        Assert.True(message.Contains(words, StringComparison.Ordinal), message);
        Assert.True(message.TakeWhile(c => c != ' ').Any(c => c >= '\u4e00' && c <= '\u9fff'), $"not Chinese first: {message}");
        var after = await StoredWaysAsync();
        Assert.Equal(before.Nodes, after.Nodes);
        Assert.Equal(before.Lengths, after.Lengths);
    }

    /// <summary>The GeoJSON written by ogr2ogr as a zipped Shapefile or a GeoPackage in <paramref name="crs"/>.</summary>
    private static async Task<(byte[] File, string Name)> GdalFileAsync(byte[] geojson, string form, string crs)
    {
        var folder = Directory.CreateTempSubdirectory("tuoyu-network-").FullName;
        try
        {
            var source = Path.Combine(folder, "wgs84.geojson");
            await File.WriteAllBytesAsync(source, geojson);
            if (form == "shp")
            {
                await Gdal.RunAsync("ogr2ogr", "-f", "ESRI Shapefile", "-lco", "ENCODING=UTF-8", "-t_srs", crs, Path.Combine(folder, "streets.shp"), source);
                return (ImportFiles.Zip(Directory.GetFiles(folder, "streets.*").Select(f => (Path.GetFileName(f), File.ReadAllBytes(f)))), "步行道路.zip");
            }

            var gpkg = Path.Combine(folder, "streets.gpkg");
            await Gdal.RunAsync("ogr2ogr", "-f", "GPKG", "-t_srs", crs, "-nln", "streets", gpkg, source);
            return (await File.ReadAllBytesAsync(gpkg), "步行道路.gpkg");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The stored network: its node count and its edges' lengths, shortest first.</summary>
    private async Task<(int Nodes, List<double> Lengths)> StoredWaysAsync()
    {
        await using var db = Fixture.CreateDbContext();
        var graph = await NetworkStore.LoadGraphAsync(db, Gulou, CancellationToken.None);
        await using var connection = new NpgsqlConnection(Fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT length_m FROM street_edges WHERE district_code = '{Gulou}' ORDER BY length_m", connection);
        var lengths = new List<double>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lengths.Add(reader.GetDouble(0));
        }

        return (graph?.NodeCount ?? 0, lengths);
    }

    [Fact]
    public async Task Only_planners_import_and_only_into_a_known_district()
    {
        using var land = Fixture.CreateClient(Role.LandOfficer);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(land, RiverTown(), "river.osm")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(Public, RiverTown(), "river.osm")).StatusCode);
        using var content = new ByteArrayContent(RiverTown());
        Assert.Equal(HttpStatusCode.NotFound, (await Client.PostAsync("/api/districts/999999/network", content)).StatusCode);
    }

    /// <summary>
    /// A jittered 12 × 12 street grid with some blocks missing, imported from OSM XML: every node-to-node cost of
    /// the in-process Dijkstra equals pgRouting's pgr_dijkstraCost on the stored edges to 1e-6 m.
    /// </summary>
    [Fact]
    public async Task Network_costs_equal_pgRouting_on_the_imported_network()
    {
        var random = new Random(15);
        const int size = 12;
        var nodes = new List<(long, double, double)>();
        for (var i = 0; i < size; i++)
        {
            for (var j = 0; j < size; j++)
            {
                nodes.Add((i * size + j + 1, i * 90 + random.NextDouble() * 30, j * 90 + random.NextDouble() * 30));
            }
        }

        var ways = new List<(long, long[], string)>();
        for (var i = 0; i < size; i++)
        {
            for (var j = 0; j < size; j++)
            {
                long id = i * size + j + 1;
                if (i + 1 < size && random.NextDouble() > 0.2)
                {
                    ways.Add((ways.Count + 1, [id, id + size], "highway=residential"));
                }

                if (j + 1 < size && random.NextDouble() > 0.2)
                {
                    ways.Add((ways.Count + 1, [id, id + 1], random.NextDouble() > 0.8 ? "highway=steps" : "highway=footway"));
                }
            }
        }

        await JsonAsync(await PostAsync(Client, Osm(nodes, ways), "grid.osm", "mode=commit"));
        await using var db = Fixture.CreateDbContext();
        var graph = (await NetworkStore.LoadGraphAsync(db, Gulou, CancellationToken.None))!;

        await using var connection = new NpgsqlConnection(Fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT start_vid, end_vid, agg_cost FROM pgr_dijkstraCost(
              'SELECT id, source, target, length_m AS cost, length_m AS reverse_cost FROM street_edges WHERE district_code = ''350102''',
              (SELECT array_agg(id) FROM street_nodes WHERE district_code = '350102'),
              (SELECT array_agg(id) FROM street_nodes WHERE district_code = '350102'))
            """, connection);
        var pgRouting = new Dictionary<(long, long), double>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                pgRouting[(reader.GetInt64(0), reader.GetInt64(1))] = reader.GetDouble(2);
            }
        }

        var search = new BoundedDijkstra(graph);
        var compared = 0;
        for (var s = 0; s < graph.NodeCount; s++)
        {
            search.Run([new NodeCost(s, 0)], double.PositiveInfinity);
            for (var t = 0; t < graph.NodeCount; t++)
            {
                if (s == t)
                {
                    continue;
                }

                var ours = search.Cost(t);
                if (pgRouting.TryGetValue((s + 1, t + 1), out var theirs))
                {
                    Assert.Equal(theirs, ours, 1e-6);
                    compared++;
                }
                else
                {
                    Assert.True(double.IsPositiveInfinity(ours), $"node {s + 1} reaches {t + 1} here but not in pgRouting");
                }
            }
        }

        Assert.True(compared > graph.NodeCount * 10, $"only {compared} pairs compared");
    }
}
