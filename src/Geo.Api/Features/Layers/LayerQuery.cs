using System.Globalization;
using System.Linq.Expressions;
using Microsoft.AspNetCore.Mvc;
using Geo.Analysis.Spatial;

namespace Geo.Api.Features.Layers;

/// <summary>The query parameters every layer's list takes: extent, administrative unit, text and paging.</summary>
public sealed record LayerQuery
{
    public const int DefaultPageSize = 1000;
    public const int MaxPageSize = 10_000;

    /// <summary>minLon,minLat,maxLon,maxLat in WGS-84 degrees.</summary>
    [FromQuery(Name = "bbox")] public string? Bbox { get; init; }

    /// <summary>An adcode of any level: province, city, district or 街道/镇.</summary>
    [FromQuery(Name = "district")] public string? District { get; init; }

    /// <summary>Text in the name (or address, for institutions).</summary>
    [FromQuery(Name = "q")] public string? Q { get; init; }

    [FromQuery(Name = "page")] public int? Page { get; init; }

    [FromQuery(Name = "page_size")] public int? PageSize { get; init; }

    public int PageNumber => Page ?? 1;

    public int Size => PageSize ?? DefaultPageSize;

    public void Validate(ValidationErrors errors)
    {
        errors.Paging(PageNumber, Size, MaxPageSize);
        if (Bbox is not null)
        {
            _ = ParseBbox(Bbox, errors);
        }

        if (District is not null)
        {
            _ = ParseDistrict(District, errors);
        }
    }

    public Polygon? BboxPolygon()
    {
        var errors = new ValidationErrors();
        return Bbox is null ? null : ParseBbox(Bbox, errors);
    }

    private static Polygon? ParseBbox(string text, ValidationErrors errors)
    {
        var parts = text.Split(',');
        var values = parts.Select(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN).ToArray();
        if (values.Length != 4 || values.Any(v => !double.IsFinite(v)))
        {
            errors.Add("bbox", "must be four numbers: minLon,minLat,maxLon,maxLat");
            return null;
        }

        if (values[0] >= values[2] || values[1] >= values[3] || values[0] < -180 || values[2] > 180 || values[1] < -90 || values[3] > 90)
        {
            errors.Add("bbox", "must have minLon < maxLon and minLat < maxLat within ±180/±90 degrees");
            return null;
        }

        return (Polygon)Wgs84.Factory.ToGeometry(new Envelope(values[0], values[2], values[1], values[3]));
    }

    /// <summary>How an adcode selects features: by 街道, by district, or by the prefix of a city or province.</summary>
    public static DistrictSelector? ParseDistrict(string code, ValidationErrors errors)
    {
        if (code.Length == 9 && code.All(char.IsAsciiDigit))
        {
            return new DistrictSelector(SubdistrictCode: code, DistrictCode: null, Prefix: null);
        }

        if (code.Length == 6 && code.All(char.IsAsciiDigit))
        {
            return code.EndsWith("0000", StringComparison.Ordinal) ? new DistrictSelector(null, null, code[..2])
                : code.EndsWith("00", StringComparison.Ordinal) ? new DistrictSelector(null, null, code[..4])
                : new DistrictSelector(null, code, null);
        }

        errors.Add("district", code.Length == 12
            ? "社区 have no boundaries here: give the 9-digit code of a 街道/镇 or a 6-digit adcode"
            : "must be a 6-digit adcode (province, city, district) or a 9-digit 街道/镇 code");
        return null;
    }

    public DistrictSelector? DistrictSelector() =>
        District is null ? null : ParseDistrict(District, new ValidationErrors());
}

public sealed record DistrictSelector(string? SubdistrictCode, string? DistrictCode, string? Prefix)
{
    /// <summary>
    /// The codes that start with a prefix of digits, as the range [from, below) (below null: no upper bound, for a prefix
    /// of nines). Adcodes are digits only, and digit strings sort alike under every collation, so the range is exact
    /// and the plain btree index on a code column serves it, also in a prepared statement's generic plan.
    /// </summary>
    public static (string From, string? Below) CodeRange(string prefix)
    {
        var kept = prefix.TrimEnd('9');
        return (prefix, kept.Length == 0 ? null : kept[..^1] + (char)(kept[^1] + 1));
    }

    /// <summary>
    /// Features whose district code starts with the prefix, as the <see cref="CodeRange"/>: LIKE 'prefix%' would need the
    /// C collation to use the index (the database's is not: a sequential scan of every row of the layer).
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Globalization", "CA1309",
        Justification = "Translated to SQL, where the column's collation compares; EF translates only this overload.")]
    public static Expression<Func<TEntity, bool>> InDistrictsStartingWith<TEntity>(string prefix) where TEntity : LocatedEntity
    {
        var (from, below) = CodeRange(prefix);
        return below is null
            ? e => e.DistrictCode != null && string.Compare(e.DistrictCode, from) >= 0
            : e => e.DistrictCode != null && string.Compare(e.DistrictCode, from) >= 0 && string.Compare(e.DistrictCode, below) < 0;
    }
}
