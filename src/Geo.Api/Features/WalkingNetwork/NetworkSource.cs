using Geo.Analysis.Coordinates;
using Geo.Analysis.Network;
using Geo.Api.Features.ImportExport;
using Geo.Api.Features.Layers;
using OsmSharp;
using OsmSharp.Streams;

namespace Geo.Api.Features.WalkingNetwork;

/// <summary>The walkable ways of a file, what else it held, and how it was read.</summary>
public sealed record NetworkSourceData(
    string Format, string SourceCrs, IReadOnlyList<WalkingWay> Ways, int WaysRead, IReadOnlyDictionary<string, int> Excluded);

/// <summary>
/// Reads a walking network from OpenStreetMap (.osm XML or .osm.pbf, through OsmSharp, in process) or from a
/// line file (GeoJSON, zipped Shapefile, GeoPackage, through the layer imports' readers, in any coordinate
/// system they support). OSM ways are filtered by <see cref="WalkableTags"/>; a line file's lines are all
/// walkable unless they carry OSM tags (a highway attribute), which are then filtered the same way.
/// </summary>
public static class NetworkSource
{
    public static NetworkSourceData Read(string path, string fileName, Crs? crs, AxisOrder? axisOrder, ImportLimits limits)
    {
        var head = new byte[64];
        int read;
        using (var file = File.OpenRead(path))
        {
            read = file.Read(head, 0, head.Length);
        }

        if (read == 0)
        {
            throw new ImportFileException("文件为空 The file is empty.");
        }

        var text = System.Text.Encoding.ASCII.GetString(head, 0, read);
        if (text.Contains("OSMHeader", StringComparison.Ordinal))
        {
            return ReadOsm(path, pbf: true);
        }

        var first = text.TrimStart('\uFEFF', '\xEF', '\xBB', '\xBF', ' ', '\t', '\r', '\n');
        if (first.StartsWith('<'))
        {
            return ReadOsm(path, pbf: false);
        }

        if (fileName.EndsWith(".pbf", StringComparison.OrdinalIgnoreCase))
        {
            throw new ImportFileException("文件不是有效的 .osm.pbf The file is not an OpenStreetMap PBF extract (no OSMHeader block).");
        }

        return ReadLines(path, fileName, crs, axisOrder, limits);
    }

    private static NetworkSourceData ReadOsm(string path, bool pbf)
    {
        var nodes = new Dictionary<long, Coordinate>();
        var ways = new List<WalkingWay>();
        var excluded = new Dictionary<string, int>(StringComparer.Ordinal);
        var waysRead = 0;
        try
        {
            using var stream = File.OpenRead(path);
            using OsmStreamSource source = pbf ? new PBFOsmStreamSource(stream) : new XmlOsmStreamSource(stream);
            var pending = new List<Way>();
            foreach (var element in source)
            {
                if (element is Node { Id: { } id, Longitude: { } lon, Latitude: { } lat })
                {
                    nodes[id] = new Coordinate(lon, lat);
                }
                else if (element is Way way)
                {
                    waysRead++;
                    var why = WalkableTags.WhyNotWalkable(key => way.Tags is { } tags && tags.TryGetValue(key, out var value) ? value : null);
                    if (why is null)
                    {
                        pending.Add(way);
                    }
                    else if (why != "not_a_highway")
                    {
                        excluded[why] = excluded.GetValueOrDefault(why) + 1;
                    }
                }
            }

            foreach (var way in pending)
            {
                var keys = (way.Nodes ?? []).Where(nodes.ContainsKey).ToArray();
                if (keys.Length < 2)
                {
                    excluded["missing_nodes"] = excluded.GetValueOrDefault("missing_nodes") + 1;
                    continue;
                }

                ways.Add(new WalkingWay(keys, [.. keys.Select(k => nodes[k])], way.Tags!["highway"], way.Id ?? 0));
            }
        }
        catch (Exception e) when (e is System.Xml.XmlException or InvalidOperationException or IOException or ProtoBuf.ProtoException or FormatException or InvalidDataException)
        {
            throw new ImportFileException($"OpenStreetMap 文件无法读取 The {(pbf ? ".osm.pbf" : ".osm XML")} file cannot be read", e);
        }

        return new NetworkSourceData(pbf ? "osm_pbf" : "osm_xml", Crs.Wgs84.Code, ways, waysRead, excluded);
    }

    private static NetworkSourceData ReadLines(string path, string fileName, Crs? crs, AxisOrder? axisOrder, ImportLimits limits)
    {
        var data = ImportEngine.Read(path, fileName, new ImportOptions(), limits);
        if (data.Rows.Count == 0)
        {
            throw new ImportFileException($"文件中没有要素：步行路网文件须含道路的线 The {data.Format} file holds no features: a walking network file needs its streets as lines.");
        }

        var (sourceCrs, _) = crs is { } given ? (given, "parameter")
            : data.DeclaredCrs is { } declared ? (declared, data.CrsOrigin!)
            : data.Format == "geojson" ? (Crs.Wgs84, "default")
            : throw new ImportFileException("文件未声明坐标系 The file does not say its coordinate system: give crs= (e.g. crs=EPSG:4549).");
        var sample = data.Rows.Where(r => r.Geometry is not null).Take(2000).SelectMany(r => r.Geometry!.Coordinates.Take(4)).ToList();
        var order = axisOrder ?? sourceCrs.GuessAxisOrder(sample) ?? AxisOrder.EastingFirst;

        var ways = new List<WalkingWay>();
        var excluded = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in data.Rows)
        {
            var lines = row.Geometry switch
            {
                LineString line => [line],
                MultiLineString multi => multi.Geometries.Cast<LineString>().ToArray(),
                null => [],
                _ => throw new ImportFileException(
                    $"步行路网文件只能包含线（LineString、MultiLineString）：第 {row.Number} 条记录是{ShapeWord(row.Geometry)}，请导出道路的线图层 " +
                    $"A walking network file holds lines only; record {row.Number} is a {row.Geometry.GeometryType}: export the streets' line layer."),
            };
            string? Tag(string key) => row.Attributes.TryGetValue(key, out var value) ? value?.ToString() : null;
            if (Tag("highway") is not null && WalkableTags.WhyNotWalkable(Tag) is { } why)
            {
                excluded[why] = excluded.GetValueOrDefault(why) + 1;
                continue;
            }

            foreach (var line in lines)
            {
                var wgs84 = sourceCrs.ToWgs84(line, order);
                var vertices = wgs84.Coordinates.Select(c => new Coordinate(c.X, c.Y)).ToArray();
                if (vertices.Any(c => !GeometryRules.ChinaExtent.Contains(c)))
                {
                    throw new ImportFileException($"坐标不在中国境内 Record {row.Number} lands outside China when read as {sourceCrs.Code}: give crs= (and axis_order=).");
                }

                ways.Add(new WalkingWay(WalkingNetworkBuilder.CoordinateKeys(vertices), vertices, Tag("highway") ?? "line", row.Number));
            }
        }

        return new NetworkSourceData(data.Format, sourceCrs.Code, ways, data.Rows.Count, excluded);
    }

    private static string ShapeWord(Geometry geometry) => geometry switch
    {
        Point or MultiPoint => "点",
        Polygon or MultiPolygon => "面",
        _ => geometry.GeometryType,
    };
}
