using Microsoft.Extensions.Options;
using Geo.Analysis.Coordinates;

namespace Geo.Api.Features.ImportExport;

/// <summary>A file read and converted to WGS-84, ready to be checked against a layer.</summary>
public sealed record PreparedImport(ILayerTransfer Layer, IReadOnlyList<PreparedRow> Rows, ImportReport Settings);

/// <summary>
/// The import pipeline the route, the background jobs and the CLI share: read the file (format sniffed from
/// its bytes), settle its coordinate system and axis order, refuse files that cannot be right as a whole
/// (empty, mixed geometry kinds, coordinates that land outside China), convert to WGS-84, then let the layer
/// check every row and, on commit, write them in one transaction.
/// </summary>
public sealed class ImportEngine(LayerTransfers layers, IOptions<ImportLimits> limits)
{
    public ImportLimits Limits => limits.Value;

    public LayerTransfers Layers => layers;

    /// <summary>Reads a file whatever its format: zip (Shapefile or .xlsx), SQLite (GeoPackage), JSON (GeoJSON), else CSV.</summary>
    public static SourceData Read(string path, string fileName, ImportOptions options, ImportLimits? limits = null)
    {
        var names = new FieldNames(options.Mapping);
        return ReadAs(path, fileName, options, limits ?? new ImportLimits(), names) with { ColumnFields = names.Taken };
    }

    private static SourceData ReadAs(string path, string fileName, ImportOptions options, ImportLimits limits, FieldNames names)
    {
        var length = new FileInfo(path).Length;
        var head = new byte[16];
        using (var file = File.OpenRead(path))
        {
            _ = file.Read(head, 0, head.Length);
        }

        if (length == 0)
        {
            throw new ImportFileException("The file is empty.");
        }

        if (head is [0x50, 0x4B, 0x03 or 0x05, 0x04 or 0x06, ..] && XlsxSource.IsWorkbook(path))
        {
            return XlsxSource.Read(path, options.Sheet, names, limits);
        }

        if (head is [0x50, 0x4B, 0x03 or 0x05, 0x04 or 0x06, ..])
        {
            return ShapefileSource.Read(path, options.Encoding, names, limits);
        }

        if (System.Text.Encoding.ASCII.GetString(head).StartsWith("SQLite format 3", StringComparison.Ordinal))
        {
            return GeoPackageSource.Read(path, names, TimeSpan.FromSeconds(limits.ReadTimeoutSeconds));
        }

        if (fileName.EndsWith(".shp", StringComparison.OrdinalIgnoreCase) || fileName.EndsWith(".dbf", StringComparison.OrdinalIgnoreCase))
        {
            throw new ImportFileException("Send a Shapefile as one .zip holding its .shp, .shx, .dbf and .prj (and .cpg).");
        }

        var bytes = File.ReadAllBytes(path);
        var first = bytes.AsSpan(bytes.AsSpan().StartsWith((byte[])[0xEF, 0xBB, 0xBF]) ? 3 : 0).IndexOfAnyExcept(" \t\r\n"u8);
        if (first < 0)
        {
            throw new ImportFileException("The file is empty (only blanks).");
        }

        var firstByte = bytes[first + (bytes.AsSpan().StartsWith((byte[])[0xEF, 0xBB, 0xBF]) ? 3 : 0)];
        return firstByte is (byte)'{' or (byte)'['
            ? GeoJsonSource.Read(new MemoryStream(bytes, writable: false), names)
            : CsvSource.Read(bytes, options.Encoding ?? TextEncodings.StrictUtf8, names);
    }

    /// <summary>Settles the coordinate system and converts every geometry; file-wide problems throw <see cref="ImportFileException"/>.</summary>
    public PreparedImport Prepare(ILayerTransfer layer, SourceData data, string fileName, ImportOptions options)
    {
        if (data.Rows.Count == 0)
        {
            throw new ImportFileException("The file has no features.");
        }

        if (data.Rows.Count > Limits.MaxRows)
        {
            throw new ImportFileException($"The file has {data.Rows.Count:N0} rows; an import takes at most {Limits.MaxRows:N0}: split it.");
        }

        var (crs, crsFrom) = options.Crs is { } given ? (given, "parameter")
            : data.DeclaredCrs is { } declared ? (declared, data.CrsOrigin!)
            : data.Format == "geojson" ? (Crs.Wgs84, "default (GeoJSON is WGS-84)")
            : throw new ImportFileException(data.Format switch
            {
                "shapefile" => "The zip has no .prj, so its coordinate system is unknown: give crs= (e.g. crs=EPSG:4549 for CGCS2000 Gauss-Krüger CM 120°E).",
                "csv" => "A CSV does not say its coordinate system: give crs= (EPSG:4326 for GPS, GCJ-02 for Amap/Tencent, BD-09 for Baidu, EPSG:4513–4554 for Gauss-Krüger).",
                _ => "The file does not say its coordinate system: give crs=.",
            });

        data = Untruncated(data, layer.Fields);
        CheckKinds(layer, data.Rows);
        var sample = data.Rows.Where(r => r.Geometry is not null).Take(2000).SelectMany(r => r.Geometry!.Coordinates.Take(4)).ToList();
        var (order, orderFrom) = options.AxisOrder is { } o ? (o, "parameter")
            : crs.GuessAxisOrder(sample) is { } guessed ? (guessed, "guessed")
            : (AxisOrder.EastingFirst, "default");

        var rows = new List<PreparedRow>(data.Rows.Count);
        int withGeometry = 0, outside = 0, swapped = 0;
        foreach (var row in data.Rows)
        {
            if (row.Geometry is null)
            {
                rows.Add(new PreparedRow(row, null));
                continue;
            }

            var source = row.Geometry is MultiPoint { NumGeometries: 1 } single ? single.GetGeometryN(0) : row.Geometry;
            var wgs84 = Flat(crs.ToWgs84(source, order));
            withGeometry++;
            if (!InChina(wgs84))
            {
                outside++;
                if (source is Point point && Swapped(point, crs, order) is { } swap && InChina(swap))
                {
                    swapped++;
                    rows.Add(new PreparedRow(row, null, "经度和纬度似乎互换了（交换后落在中国境内）: longitude and latitude look swapped " +
                        $"({point.X}, {point.Y}); swap the two columns, or give axis_order=northing_first for the whole file"));
                    continue;
                }
            }

            rows.Add(new PreparedRow(row, wgs84));
        }

        if (withGeometry > 0 && swapped * 2 > withGeometry)
        {
            throw new ImportFileException(
                $"{swapped:N0} of {withGeometry:N0} features land in China only with longitude and latitude swapped: 经度/纬度两列互换了. " +
                "Swap the two column headers, or give axis_order=northing_first.");
        }

        if (withGeometry > 0 && outside * 2 > withGeometry)
        {
            throw new ImportFileException(
                $"{outside:N0} of {withGeometry:N0} features land outside China when read as {crs.Code} ({crsFrom}), " +
                $"{(order == AxisOrder.EastingFirst ? "easting" : "northing")} first: the coordinate system is probably wrong. " +
                "Give crs= (and axis_order=) to say which it is.");
        }

        var ignored = data.Columns.Where(c => !layer.Fields.Contains(c)).Distinct().ToList();
        var settings = new ImportReport
        {
            Layer = layer.Route,
            File = fileName,
            Format = data.Format,
            Mode = options.Mode,
            SourceCrs = crs.Code,
            SourceCrsFrom = crsFrom,
            AxisOrder = order == AxisOrder.EastingFirst ? "easting_first" : "northing_first",
            AxisOrderFrom = orderFrom,
            IgnoredColumns = ignored,
            Columns = data.ColumnFields,
        };
        return new PreparedImport(layer, rows, settings);
    }

    public async Task<ImportReport> RunAsync(TuoyuDbContext db, PreparedImport prepared, ImportOptions options, ImportProgress progress,
        CancellationToken cancellationToken)
    {
        var districts = await DistrictCheck.LoadAsync(db, options.District, cancellationToken);
        // 所属街道 is read once there are 街道 to name; before, it is an ignored column as any other.
        var settings = districts.ReadsDeclaredSubdistricts && prepared.Layer is not Districts.DistrictTransfer
            ? prepared.Settings with { IgnoredColumns = [.. prepared.Settings.IgnoredColumns.Where(c => c != DistrictCheck.DeclaredSubdistrictField)] }
            : prepared.Settings;
        return await prepared.Layer.ImportAsync(new ImportRun(db, prepared.Rows, options, settings, districts, progress), cancellationToken);
    }

    /// <summary>
    /// Columns cut to a DBF's 10 bytes (by GDAL, QGIS, ArcGIS) read as the fields they stand for; the report's
    /// columns say so (by "dbf_10_bytes").
    /// </summary>
    private static SourceData Untruncated(SourceData data, IReadOnlyList<string> fields)
    {
        var renames = FieldNames.Untruncated(data.Columns, fields);
        if (renames.Count == 0)
        {
            return data;
        }

        string Renamed(string column) => renames.GetValueOrDefault(column, column);
        var rows = data.Rows.Select(r => r with
        {
            Attributes = r.Attributes.ToDictionary(a => Renamed(a.Key), a => a.Value, StringComparer.Ordinal),
        }).ToList();
        var columnFields = data.ColumnFields.Select(c => renames.TryGetValue(c.Field, out var field) ? c with { Field = field, By = "dbf_10_bytes" } : c).ToList();
        return data with { Rows = rows, Columns = [.. data.Columns.Select(Renamed)], ColumnFields = columnFields };
    }

    private static bool InChina(Geometry geometry) =>
        geometry.Coordinates.All(c => double.IsFinite(c.X) && double.IsFinite(c.Y) && GeometryRules.ChinaExtent.Contains(c));

    private static Geometry? Swapped(Point point, Crs crs, AxisOrder order)
    {
        try
        {
            return crs.ToWgs84(point.Factory.CreatePoint(new Coordinate(point.Y, point.X)), order);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>One kind of geometry per file (a residential-area list may mix points and polygons), and a kind the layer takes.</summary>
    private static void CheckKinds(ILayerTransfer layer, IReadOnlyList<SourceRow> rows)
    {
        var kinds = rows.Where(r => r.Geometry is not null).Select(r => KindOf(r.Geometry!)).Distinct().Order(StringComparer.Ordinal).ToList();
        var accepted = layer.Kind switch
        {
            GeometryKind.Point => (string[])["Point"],
            GeometryKind.MultiPolygon => ["Polygon"],
            _ => ["Point", "Polygon"],
        };
        if (kinds.Count > 1 && !kinds.All(accepted.Contains))
        {
            throw new ImportFileException($"The file mixes {string.Join(" and ", kinds)} geometries; {layer.Route} takes " +
                $"{string.Join(" or ", accepted)}s: split the file by geometry kind.");
        }

        if (kinds.Count > 0 && !kinds.Any(accepted.Contains))
        {
            throw new ImportFileException($"{layer.Route} takes {string.Join(" or ", accepted)} geometries; the file has {string.Join(" and ", kinds)}s.");
        }
    }

    /// <summary>The geometry in x and y only: heights and measures (PolygonZ shapefiles, 3D GeoJSON) do not fit the 2D columns.</summary>
    private static Geometry Flat(Geometry geometry)
    {
        var probe = new ZOrMProbe();
        geometry.Apply(probe);
        if (!probe.Found)
        {
            return geometry;
        }

        var flat = new NetTopologySuite.IO.WKBReader(geometry.Factory.GeometryServices)
            .Read(new NetTopologySuite.IO.WKBWriter(NetTopologySuite.IO.ByteOrder.LittleEndian, false, false, false).Write(geometry));
        flat.SRID = geometry.SRID;
        return flat;
    }

    private sealed class ZOrMProbe : ICoordinateSequenceFilter
    {
        public bool Found { get; private set; }

        public bool Done => true;

        public bool GeometryChanged => false;

        public void Filter(CoordinateSequence seq, int i) => Found |= seq.HasZ || seq.HasM;
    }

    private static string KindOf(Geometry geometry) => geometry switch
    {
        Point or MultiPoint => "Point",
        Polygon or MultiPolygon => "Polygon",
        LineString or MultiLineString => "LineString",
        _ => geometry.GeometryType,
    };
}
