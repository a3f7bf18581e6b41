using System.Text.Json.Serialization;

namespace Geo.Api.Http;

// GeoJSON shapes of the API. Entities never leave the API: each layer maps them to its own properties record.

/// <summary>A GeoJSON Feature whose properties are a typed record.</summary>
public sealed record GeoFeature<TProperties>(
    [property: JsonPropertyOrder(1)] object Id,
    [property: JsonPropertyOrder(2)] Geometry? Geometry,
    [property: JsonPropertyOrder(3)] TProperties Properties)
{
    [JsonPropertyOrder(0)]
    public string Type => "Feature";

    /// <summary>What the service changed on the way in (e.g. a repaired geometry); absent when nothing.</summary>
    [JsonPropertyOrder(4)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Notes { get; init; }
}

/// <summary>A page of a layer as a GeoJSON FeatureCollection, with the paging beside the features.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "GeoJSON names it so.")]
public sealed record GeoFeatureCollection<TProperties>(
    [property: JsonPropertyOrder(1)] IReadOnlyList<GeoFeature<TProperties>> Features,
    [property: JsonPropertyOrder(2)] int Total,
    [property: JsonPropertyOrder(3)] int Page,
    [property: JsonPropertyOrder(4)] int PageSize)
{
    [JsonPropertyOrder(0)]
    public string Type => "FeatureCollection";

    /// <summary>Whether a page follows: read with the page where <see cref="Total"/> is the planner's estimate.</summary>
    [JsonPropertyOrder(5)]
    public bool HasMore
    {
        get => _hasMore ?? (long)Page * PageSize < Total;
        init => _hasMore = value;
    }

    /// <summary>
    /// True when <see cref="Total"/> is the planner's estimate of a filter matching more rows than a count may read
    /// for one page (at least the rows counted); false when it is the exact count.
    /// </summary>
    [JsonPropertyOrder(6)]
    public bool TotalIsEstimate { get; init; }

    private readonly bool? _hasMore;
}

/// <summary>What a client sends to create or replace a feature: a GeoJSON Feature with the layer's fields.</summary>
public sealed record FeatureInput<TProperties>(string Type, Geometry? Geometry, TProperties? Properties)
    where TProperties : class;

/// <summary>GeoJSON written by hand on the hot paths that stream it (nearby, coverage), in the form System.Text.Json gives the records above.</summary>
internal static class GeoJsonWriting
{
    /// <summary>A point geometry object: <c>{"type":"Point","coordinates":[lon,lat]}</c>.</summary>
    public static void Point(System.Text.Json.Utf8JsonWriter writer, double lon, double lat)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "Point");
        writer.WriteStartArray("coordinates");
        writer.WriteNumberValue(lon);
        writer.WriteNumberValue(lat);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}

