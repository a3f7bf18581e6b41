using System.Text.Json.Serialization;

namespace Geo.Api.Features.Ogc;

// The documents of OGC API – Features. The API writes snake_case, the standard camelCase: its names are
// spelled out here wherever they differ.

public sealed record OgcLink(string Href, string Rel, string Type, string? Title = null)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Title { get; init; } = Title;
}

public sealed record OgcLandingPage(string Title, string Description, IReadOnlyList<OgcLink> Links);

public sealed record OgcConformance([property: JsonPropertyName("conformsTo")] IReadOnlyList<string> ConformsTo);

public sealed record OgcSpatialExtent(IReadOnlyList<double[]> Bbox)
{
    public string Crs => OgcCrs.Crs84Uri;
}

public sealed record OgcExtent(OgcSpatialExtent Spatial);

public sealed record OgcCollectionInfo(
    string Id,
    string Title,
    string Description,
    [property: JsonPropertyName("itemType")] string ItemType,
    IReadOnlyList<string> Crs,
    [property: JsonPropertyName("storageCrs")] string StorageCrs,
    IReadOnlyList<OgcLink> Links)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public OgcExtent? Extent { get; init; }
}

public sealed record OgcCollections(IReadOnlyList<OgcCollectionInfo> Collections, IReadOnlyList<OgcLink> Links);

/// <summary>A page of items: the layer's own GeoJSON features, with the counts and links of Part 1.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "GeoJSON names it so.")]
public sealed record OgcFeatureCollection(
    [property: JsonPropertyOrder(1)] IReadOnlyList<object> Features,
    [property: JsonPropertyOrder(2), JsonPropertyName("numberMatched")] int NumberMatched,
    [property: JsonPropertyOrder(3), JsonPropertyName("numberReturned")] int NumberReturned,
    [property: JsonPropertyOrder(4), JsonPropertyName("timeStamp")] DateTimeOffset TimeStamp,
    [property: JsonPropertyOrder(5)] IReadOnlyList<OgcLink> Links)
{
    [JsonPropertyOrder(0)]
    public string Type => "FeatureCollection";
}
