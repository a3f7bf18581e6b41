using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using NetTopologySuite.Features;
using NetTopologySuite.IO;
using NetTopologySuite.IO.Converters;
using NetTopologySuite.IO.Esri;
using NetTopologySuite.IO.Esri.Dbf.Fields;
using NetTopologySuite.IO.Esri.Shapefiles.Writers;
using Geo.Analysis.Coordinates;

namespace Geo.Api.Features.ImportExport;

/// <summary>
/// Writes features as GeoJSON, CSV (UTF-8 with BOM, so Excel reads Chinese text), .xlsx or GeoPackage, in a chosen
/// coordinate system, always easting (longitude) first as GIS software expects. Each file says its system
/// where its format can: the GeoJSON crs member, the GeoPackage srs.
/// </summary>
public static class FeatureWriters
{
    /// <summary>srs_id TuoyuGeo writes for systems without an EPSG code (GCJ-02, BD-09).</summary>
    public static int SrsId(Crs crs) => crs.Epsg ?? (crs == Crs.Gcj02 ? 990_002 : 990_009);

    private static readonly JsonSerializerOptions GeometryJson = new() { Converters = { new GeoJsonConverterFactory() } };

    public static string CrsName(Crs crs) => crs.Epsg is { } epsg ? $"urn:ogc:def:crs:EPSG::{epsg}" : crs.Code;

    public static void WriteGeoJson(Stream stream, IReadOnlyList<ExportFeature> features, Crs crs)
    {
        using var writer = new Utf8JsonWriter(stream);
        writer.WriteStartObject();
        writer.WriteString("type", "FeatureCollection");
        if (crs != Crs.Wgs84)
        {
            // RFC 7946 drops the member, but GDAL, QGIS and TuoyuGeo's import still read it; without it the file would claim WGS-84.
            writer.WriteStartObject("crs");
            writer.WriteString("type", "name");
            writer.WriteStartObject("properties");
            writer.WriteString("name", CrsName(crs));
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteStartArray("features");
        foreach (var feature in features)
        {
            writer.WriteStartObject();
            writer.WriteString("type", "Feature");
            writer.WriteNumber("id", feature.Id);
            writer.WritePropertyName("geometry");
            JsonSerializer.Serialize(writer, crs.FromWgs84(feature.Geometry), GeometryJson);
            writer.WritePropertyName("properties");
            feature.Properties.WriteTo(writer);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>CSV with a BOM, as <see cref="SpreadsheetTable"/> lays it out.</summary>
    public static byte[] Csv(IReadOnlyList<ExportFeature> features, Crs crs, GeometryKind kind, SheetLanguage language = SheetLanguage.Zh) =>
        SpreadsheetTable.Of(features, crs, kind, language).Csv();

    /// <summary>An Excel workbook of one sheet, as <see cref="SpreadsheetTable"/> lays it out.</summary>
    public static byte[] Xlsx(IReadOnlyList<ExportFeature> features, Crs crs, GeometryKind kind, string sheetName, SheetLanguage language = SheetLanguage.Zh) =>
        SpreadsheetTable.Of(features, crs, kind, language).Xlsx(sheetName);

    /// <summary>A GeoPackage 1.3 with one feature table named after the layer, in the system's srs.</summary>
    public static void GeoPackage(string path, string table, IReadOnlyList<ExportFeature> features, Crs crs, GeometryKind kind)
    {
        var srsId = SrsId(crs);
        var columns = features.SelectMany(f => f.Properties.Select(p => p.Key)).Distinct().ToList();
        var types = columns.ToDictionary(c => c, c => SqlType(features.Select(f => f.Properties[c]).Where(v => v is not null)));
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var transaction = connection.BeginTransaction();
        Execute(connection, """
            PRAGMA application_id = 1196444487;
            PRAGMA user_version = 10300;
            CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
              organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
            CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
              description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
              min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER REFERENCES gpkg_spatial_ref_sys(srs_id));
            CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
              srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL, PRIMARY KEY (table_name, column_name));
            INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', NULL);
            INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', NULL);
            """);
        InsertSrs(connection, Crs.Wgs84, SrsId(Crs.Wgs84));
        if (srsId != SrsId(Crs.Wgs84))
        {
            InsertSrs(connection, crs, srsId);
        }

        var quoted = Quoted(table);
        var definitions = string.Join("", columns.Select(c => $", {Quoted(c)} {types[c]}"));
        Execute(connection, $"CREATE TABLE {quoted} (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom {GeometryType(kind)}{definitions})");

        var envelope = new Envelope();
        // 2D blobs with x/y envelopes, as gpkg_geometry_columns declares (z = 0, m = 0): the writer's default is XYZM with NaN.
        var writer = new GeoPackageGeoWriter { HandleOrdinates = Ordinates.XY };
        using (var insert = connection.CreateCommand())
        {
            insert.CommandText = $"INSERT INTO {quoted} (fid, geom{string.Join("", columns.Select(c => ", " + Quoted(c)))}) " +
                $"VALUES ($fid, $geom{string.Join("", columns.Select((_, k) => $", $p{k}"))})";
            foreach (var feature in features)
            {
                var geometry = crs.FromWgs84(feature.Geometry);
                geometry.SRID = srsId;
                envelope.ExpandToInclude(geometry.EnvelopeInternal);
                insert.Parameters.Clear();
                insert.Parameters.AddWithValue("$fid", feature.Id);
                insert.Parameters.AddWithValue("$geom", writer.Write(geometry));
                for (var k = 0; k < columns.Count; k++)
                {
                    insert.Parameters.AddWithValue($"$p{k}", SqlValue(feature.Properties[columns[k]]));
                }

                insert.ExecuteNonQuery();
            }
        }

        using (var contents = connection.CreateCommand())
        {
            contents.CommandText = """
                INSERT INTO gpkg_contents (table_name, data_type, identifier, min_x, min_y, max_x, max_y, srs_id)
                VALUES ($t, 'features', $t, $minx, $miny, $maxx, $maxy, $srs);
                INSERT INTO gpkg_geometry_columns VALUES ($t, 'geom', $type, $srs, 0, 0);
                """;
            contents.Parameters.AddWithValue("$t", table);
            contents.Parameters.AddWithValue("$minx", envelope.IsNull ? DBNull.Value : envelope.MinX);
            contents.Parameters.AddWithValue("$miny", envelope.IsNull ? DBNull.Value : envelope.MinY);
            contents.Parameters.AddWithValue("$maxx", envelope.IsNull ? DBNull.Value : envelope.MaxX);
            contents.Parameters.AddWithValue("$maxy", envelope.IsNull ? DBNull.Value : envelope.MaxY);
            contents.Parameters.AddWithValue("$type", GeometryType(kind));
            contents.Parameters.AddWithValue("$srs", srsId);
            contents.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>
    /// A zipped Shapefile: .shp, .shx, a UTF-8 .dbf with its .cpg, and the .prj (ESRI WKT) where the system has
    /// one (GCJ-02 and BD-09 have none: the import is then told crs=). Field names are cut to the DBF's 10 bytes
    /// the way GDAL cuts them (approved_slots → approved_s; a second monthly_fe becomes monthly__1), which the
    /// import reads back as their fields; lists and objects are JSON text. One shape type per file, so a layer
    /// that mixes points and polygons is refused (GeoPackage and GeoJSON hold both).
    /// </summary>
    public static byte[] ShapefileZip(string stem, IReadOnlyList<ExportFeature> features, Crs crs)
    {
        var kinds = features.Select(f => f.Geometry is Point ? ShapeType.Point : ShapeType.Polygon).Distinct().ToList();
        if (kinds.Count > 1)
        {
            throw new RequestValidationException("format", "Shapefile 只能存一种几何类型，此图层点和面都有：请用 gpkg 或 geojson; " +
                "a Shapefile holds one geometry type and this layer has points and polygons: use gpkg or geojson");
        }

        var columns = features.SelectMany(f => f.Properties.Select(p => p.Key)).Distinct().ToList();
        var dbfNames = DbfNames(columns);
        var fields = columns.Select(c => DbfField(dbfNames[c], features.Select(f => f.Properties[c]).Where(v => v is not null).ToList())).ToArray();
        var folder = Directory.CreateTempSubdirectory("tuoyu-export-shp-");
        try
        {
            var shp = Path.Combine(folder.FullName, stem + ".shp");
            var options = new ShapefileWriterOptions(kinds is [var kind] ? kind : ShapeType.Point, fields) { Encoding = Encoding.UTF8 };
            if (crs.HasPrjWkt)
            {
                options.Projection = crs.ToPrjWkt();
            }

            using (var writer = Shapefile.OpenWrite(shp, options))
            {
                foreach (var feature in features)
                {
                    var attributes = new AttributesTable();
                    foreach (var (column, field) in columns.Zip(fields))
                    {
                        attributes.Add(field.Name, DbfValue(feature.Properties[column], field));
                    }

                    writer.Write(new Feature(crs.FromWgs84(feature.Geometry), attributes));
                }
            }

            File.WriteAllText(Path.ChangeExtension(shp, ".cpg"), "UTF-8");
            using var zip = new MemoryStream();
            using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
            {
                foreach (var file in Directory.GetFiles(folder.FullName).Order(StringComparer.Ordinal))
                {
                    archive.CreateEntryFromFile(file, Path.GetFileName(file), CompressionLevel.Fastest);
                }
            }

            return zip.ToArray();
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>GDAL's laundering: the first 10 bytes; a name already taken keeps fewer characters and gets "_1", "_2" ….</summary>
    internal static Dictionary<string, string> DbfNames(IEnumerable<string> columns)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var column in columns)
        {
            var name = column.Length <= FieldNames.DbfNameBytes ? column : column[..FieldNames.DbfNameBytes];
            for (var n = 1; !used.Add(name); n++)
            {
                var suffix = "_" + n.ToString(CultureInfo.InvariantCulture);
                name = column[..Math.Min(column.Length, FieldNames.DbfNameBytes - suffix.Length)] + suffix;
            }

            names[column] = name;
        }

        return names;
    }

    private static DbfField DbfField(string name, List<JsonNode?> values)
    {
        var one = new List<DbfField>();
        return SqlType(values) switch
        {
            "BOOLEAN" => one.AddLogicalField(name),
            "INTEGER" => one.AddNumericInt64Field(name),
            "DOUBLE" => one.AddNumericDoubleField(name),
            _ => one.AddCharacterField(name, Math.Clamp(values.Select(v => Encoding.UTF8.GetByteCount(Text(v))).DefaultIfEmpty(1).Max(), 1, 254)),
        };
    }

    private static object? DbfValue(JsonNode? node, DbfField field) => node is null ? null : field switch
    {
        DbfCharacterField => Text(node),
        DbfLogicalField => node.GetValue<bool>(),
        DbfNumericInt64Field => node.GetValue<long>(),
        _ => node.GetValue<double>(),
    };

    private static string Text(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.String
        ? value.GetValue<string>()
        : node?.ToJsonString(AttributeCoercion.Json) ?? "";

    private static void InsertSrs(SqliteConnection connection, Crs crs, int srsId)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO gpkg_spatial_ref_sys VALUES ($name, $id, $org, $code, $definition, $description)";
        command.Parameters.AddWithValue("$name", crs.Code);
        command.Parameters.AddWithValue("$id", srsId);
        command.Parameters.AddWithValue("$org", crs.Epsg is null ? GeoPackageSource.Organisation : "EPSG");
        command.Parameters.AddWithValue("$code", srsId);
        command.Parameters.AddWithValue("$definition", crs.HasPrjWkt ? crs.ToPrjWkt() : "undefined");
        command.Parameters.AddWithValue("$description", crs.NameEn);
        command.ExecuteNonQuery();
    }

    private static string GeometryType(GeometryKind kind) => kind switch
    {
        GeometryKind.Point => "POINT",
        GeometryKind.MultiPolygon => "MULTIPOLYGON",
        _ => "GEOMETRY",
    };

    private static string SqlType(IEnumerable<JsonNode?> values)
    {
        var kinds = values.Select(v => v is JsonValue value ? value.GetValueKind() : JsonValueKind.Array).Distinct().ToList();
        return kinds switch
        {
            [] => "TEXT",
            _ when kinds.All(k => k is JsonValueKind.True or JsonValueKind.False) => "BOOLEAN",
            _ when kinds.All(k => k == JsonValueKind.Number) =>
                values.All(v => v!.AsValue().TryGetValue<long>(out _)) ? "INTEGER" : "DOUBLE",
            _ => "TEXT",
        };
    }

    private static object SqlValue(JsonNode? node) => node switch
    {
        null => DBNull.Value,
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number when value.TryGetValue<long>(out var whole) => whole,
            JsonValueKind.Number => value.GetValue<double>(),
            _ => value.ToJsonString(),
        },
        _ => node.ToJsonString(),
    };

    private static string Quoted(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
