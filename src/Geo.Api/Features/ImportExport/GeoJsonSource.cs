using System.Text.Json;
using Geo.Analysis.Coordinates;
using NetTopologySuite;
using NetTopologySuite.IO.Converters;

namespace Geo.Api.Features.ImportExport;

/// <summary>Reads a GeoJSON FeatureCollection (or one Feature); the 2008 "crs" member is honoured when present.</summary>
public static class GeoJsonSource
{
    /// <summary>Geometries as read carry SRID 0: they are in the file's system until converted.</summary>
    internal static readonly GeometryFactory SourceFactory = NtsGeometryServices.Instance.CreateGeometryFactory(0);

    private static readonly JsonSerializerOptions GeometryJson = new() { Converters = { new GeoJsonConverterFactory(SourceFactory) } };

    public static SourceData Read(Stream stream, FieldNames names)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new ImportFileException($"The GeoJSON is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine}): " +
                "it may be truncated or not JSON at all.");
        }

        using (document)
        {
            var root = document.RootElement;
            // DataV (阿里云 DataV.GeoAtlas) also hands out a bare array of Features.
            var type = root.ValueKind == JsonValueKind.Array ? "array" : root.ValueKind == JsonValueKind.Object && root.TryGetProperty("type", out var t) ? t.GetString() : null;
            var features = type switch
            {
                "FeatureCollection" when root.TryGetProperty("features", out var f) && f.ValueKind == JsonValueKind.Array => f.EnumerateArray().ToList(),
                "Feature" => [root],
                "array" => root.EnumerateArray().ToList(),
                _ => throw new ImportFileException("The GeoJSON must be a FeatureCollection with a \"features\" array, a Feature, or an array of Features (DataV)."),
            };

            var (crs, origin) = DeclaredCrs(root);
            var rows = new List<SourceRow>(features.Count);
            var columns = new List<string>();
            var number = 0;
            foreach (var feature in features)
            {
                number++;
                rows.Add(ReadFeature(number, feature, names, columns));
            }

            return new SourceData("geojson", rows, crs, origin, columns);
        }
    }

    private static (Crs?, string?) DeclaredCrs(JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("crs", out var crs) && crs.ValueKind == JsonValueKind.Object &&
            crs.TryGetProperty("properties", out var properties) && properties.TryGetProperty("name", out var name))
        {
            var text = name.GetString();
            return Crs.TryParse(text, out var parsed)
                ? (parsed, "geojson crs")
                : throw new ImportFileException($"The GeoJSON's crs \"{text}\" is not supported. {UnknownCrsException.SupportedText}");
        }

        return (null, null);
    }

    private static SourceRow ReadFeature(int number, JsonElement feature, FieldNames names, List<string> columns)
    {
        if (feature.ValueKind != JsonValueKind.Object || !feature.TryGetProperty("type", out var type) || type.GetString() != "Feature")
        {
            return new SourceRow(number, null, new Dictionary<string, object?>(), RecordError: "is not a GeoJSON Feature");
        }

        var attributes = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (feature.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in properties.EnumerateObject())
            {
                var field = names.Of(property.Name);
                if (!columns.Contains(field))
                {
                    columns.Add(field);
                }

                attributes[field] = Value(property.Value);
            }
        }

        if (!feature.TryGetProperty("geometry", out var geometryJson) || geometryJson.ValueKind == JsonValueKind.Null)
        {
            return new SourceRow(number, null, attributes, GeometryError: "the feature has no geometry");
        }

        try
        {
            var geometry = geometryJson.Deserialize<Geometry>(GeometryJson);
            return new SourceRow(number, geometry, attributes);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or FormatException)
        {
            return new SourceRow(number, null, attributes, GeometryError: $"the geometry is not valid GeoJSON ({e.Message})");
        }
    }

    internal static object? Value(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.TryGetInt64(out var whole) ? whole : value.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => value.Clone(),
    };
}
