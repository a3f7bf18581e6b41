using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using NetTopologySuite.IO.Converters;
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
        var writer = new GeoPackageGeoWriter();
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
