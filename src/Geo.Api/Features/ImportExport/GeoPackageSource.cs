using System.Globalization;
using Geo.Analysis.Coordinates;
using Microsoft.Data.Sqlite;
using NetTopologySuite.IO;

namespace Geo.Api.Features.ImportExport;

/// <summary>
/// Reads the first feature table of a GeoPackage (or the one named); its srs gives the coordinate system:
/// an EPSG code, else the WKT definition, else the srs name (TuoyuGeo writes GCJ-02 exports under its own organisation).
/// Only ordinary tables are read: a view or virtual table may compute without end (a recursive view), so it is
/// refused, and any read still running after the time limit is interrupted.
/// </summary>
public static class GeoPackageSource
{
    /// <summary>Organisation TuoyuGeo writes for systems without an EPSG code (GCJ-02, BD-09).</summary>
    public const string Organisation = "TUOYU";

    public static SourceData Read(string path, FieldNames names, TimeSpan timeLimit)
    {
        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = path,
                Mode = SqliteOpenMode.ReadOnly,
                Pooling = false, // the upload's temporary file is deleted afterwards
            }.ToString());
            connection.Open();
            using var deadline = new Timer(_ => SQLitePCL.raw.sqlite3_interrupt(connection.Handle), null, timeLimit, Timeout.InfiniteTimeSpan);
            return ReadOpen(connection, names);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == SQLitePCL.raw.SQLITE_INTERRUPT)
        {
            throw new ImportFileException($"Reading the GeoPackage took longer than {timeLimit.TotalSeconds:0} s (Import:ReadTimeoutSeconds) and was stopped.");
        }
        catch (SqliteException e)
        {
            // SQLite's own words, without its name and error code ("SQLite Error 1: 'no such table: …'").
            var reason = System.Text.RegularExpressions.Regex.Replace(e.Message, @"^SQLite Error \d+: '?(.*?)'?\.?$", "$1");
            throw new ImportFileException($"The file is not a readable GeoPackage ({reason}).");
        }
    }

    private static SourceData ReadOpen(SqliteConnection connection, FieldNames names)
    {
        string table, column;
        int srsId;
        using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT g.table_name, g.column_name, g.srs_id
                  FROM gpkg_geometry_columns g JOIN gpkg_contents c ON c.table_name = g.table_name
                 WHERE c.data_type = 'features' ORDER BY g.table_name LIMIT 1
                """;
            using var reader = command.ExecuteReader();
            if (!reader.Read())
            {
                throw new ImportFileException("The GeoPackage has no feature table.");
            }

            (table, column, srsId) = (reader.GetString(0), reader.GetString(1), reader.GetInt32(2));
        }

        RequireTable(connection, table);
        var (crs, origin) = Srs(connection, srsId);
        var rows = new List<SourceRow>();
        var columns = new List<string>();
        var geometryReader = new GeoPackageGeoReader(GeoJsonSource.SourceFactory.CoordinateSequenceFactory, GeoJsonSource.SourceFactory.PrecisionModel);
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT * FROM \"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
            using var reader = command.ExecuteReader();
            var primaryKey = PrimaryKey(connection, table);
            for (var c = 0; c < reader.FieldCount; c++)
            {
                var name = reader.GetName(c);
                if (name != column && name != primaryKey)
                {
                    columns.Add(names.Of(name));
                }
            }

            var number = 0;
            while (reader.Read())
            {
                number++;
                var attributes = new Dictionary<string, object?>(StringComparer.Ordinal);
                Geometry? geometry = null;
                string? error = null;
                for (var c = 0; c < reader.FieldCount; c++)
                {
                    var name = reader.GetName(c);
                    if (name == column)
                    {
                        if (reader.IsDBNull(c))
                        {
                            error = "the feature has no geometry";
                            continue;
                        }

                        if (reader.GetValue(c) is not byte[] blob)
                        {
                            // A TEXT (or number) column where the standard puts a geometry blob, e.g. WKT written by hand.
                            error = $"the geometry column {column} holds {reader.GetDataTypeName(c).ToLowerInvariant()} values, not GeoPackage geometry blobs";
                            continue;
                        }

                        try
                        {
                            geometry = geometryReader.Read(blob);
                        }
                        catch (Exception e) when (e is ParseException or ArgumentException or InvalidOperationException or IndexOutOfRangeException or IOException)
                        {
                            error = $"the geometry blob cannot be read ({e.Message})";
                        }
                    }
                    else if (name != primaryKey)
                    {
                        attributes[names.Of(name)] = reader.IsDBNull(c) ? null : reader.GetValue(c) switch
                        {
                            string s when string.IsNullOrWhiteSpace(s) => null,
                            var v => v,
                        };
                    }
                }

                if (geometry is { IsEmpty: true })
                {
                    (geometry, error) = (null, "the geometry is empty");
                }

                rows.Add(new SourceRow(number, geometry, attributes, GeometryError: error));
            }
        }

        return new SourceData("gpkg", rows, crs, origin, columns);
    }

    private static (Crs?, string?) Srs(SqliteConnection connection, int srsId)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT srs_name, organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys WHERE srs_id = $id";
        command.Parameters.AddWithValue("$id", srsId);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return (null, null);
        }

        // The specification makes these NOT NULL, but a hand-made file may not: a missing one is skipped, not fatal.
        var (name, organisation, definition) = (Text(reader, 0), Text(reader, 1), Text(reader, 3));
        var code = reader.IsDBNull(2) ? (int?)null : reader.GetInt32(2);
        var origin = $"gpkg srs {srsId}";
        if (string.Equals(organisation, "EPSG", StringComparison.OrdinalIgnoreCase))
        {
            return code is { } epsg && Crs.TryParse(epsg.ToString(CultureInfo.InvariantCulture), out var byCode)
                ? (byCode, origin)
                : throw new ImportFileException($"The GeoPackage's srs EPSG:{code} is not supported. {UnknownCrsException.SupportedText}");
        }

        if (name is not null && Crs.TryParse(name, out var byName))
        {
            return (byName, origin);
        }

        try
        {
            if (definition is { Length: > 0 } && definition != "undefined" && Crs.FromWkt(definition) is { } byWkt)
            {
                return (byWkt, origin);
            }
        }
        catch (FormatException)
        {
        }

        // srs_id 0 / -1 are "undefined" in the specification: the caller must say.
        return (null, null);
    }

    private static string? Text(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetValue(ordinal).ToString();

    private static void RequireTable(SqliteConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT type, coalesce(sql, '') FROM sqlite_master WHERE name = $t";
        command.Parameters.AddWithValue("$t", table);
        using var reader = command.ExecuteReader();
        var (type, sql) = reader.Read() ? (reader.GetString(0), reader.GetString(1)) : ("missing entry", "");
        if (type != "table" || sql.StartsWith("CREATE VIRTUAL", StringComparison.OrdinalIgnoreCase))
        {
            var kind = type == "table" ? "virtual table" : type;
            throw new ImportFileException($"The GeoPackage's feature table {table} is a {kind}, not a table: only ordinary tables are imported. " +
                "Save the layer as a table (e.g. export it again from QGIS) and send that.");
        }
    }

    private static string? PrimaryKey(SqliteConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT name FROM pragma_table_info($t) WHERE pk = 1";
        command.Parameters.AddWithValue("$t", table);
        return command.ExecuteScalar() as string;
    }
}
