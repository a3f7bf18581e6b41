using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Geo.Analysis.Coordinates;

namespace Geo.Api.Features.ImportExport;

/// <summary>How to read and apply a file, as the import route and the CLI take it.</summary>
public sealed record ImportOptions
{
    public ImportMode Mode { get; init; } = ImportMode.DryRun;

    /// <summary>The file's coordinate system; null: from the file (.prj, GeoPackage srs, GeoJSON crs or WGS-84).</summary>
    public Crs? Crs { get; init; }

    /// <summary>Null: guessed from the coordinates' magnitudes (China), easting first when they do not tell.</summary>
    public AxisOrder? AxisOrder { get; init; }

    public IReadOnlyDictionary<string, string>? Mapping { get; init; }

    /// <summary>CSV and .dbf text encoding; null: UTF-8 for CSV, the .cpg (or the .dbf's own) for Shapefiles.</summary>
    public Encoding? Encoding { get; init; }

    /// <summary>A district or 街道 code every feature must lie in.</summary>
    public string? District { get; init; }

    /// <summary>For residential areas given by households only; null: the layer's census default.</summary>
    public double? PersonsPerHousehold { get; init; }

    /// <summary>The kind of residential areas whose row says neither kind nor completion year; null: such rows are errors.</summary>
    public Data.Entities.ResidentialKind? DefaultKind { get; init; }

    /// <summary>
    /// Residential areas completed in or after this year are new (新建), earlier ones old (已建成), when a row has a
    /// completion year but no kind. 2020: the first year of areas planned under 国办发〔2019〕15号, which made new
    /// residential areas provide 托育 facilities.
    /// </summary>
    public int? NewSinceYear { get; init; } = DefaultNewSinceYear;

    public const int DefaultNewSinceYear = 2020;

    /// <summary>The sheet of an .xlsx to read; null: the first.</summary>
    public string? Sheet { get; init; }
}

/// <summary>The query parameters of POST /api/import/{layer}.</summary>
public sealed record ImportParameters
{
    /// <summary>dry_run (default: report only) or commit (all or nothing).</summary>
    [FromQuery(Name = "mode")] public string? Mode { get; init; }

    /// <summary>EPSG:4326, EPSG:4490, EPSG:3857, EPSG:4513–4554, GCJ-02, BD-09; default from the file.</summary>
    [FromQuery(Name = "crs")] public string? Crs { get; init; }

    /// <summary>easting_first or northing_first; default guessed from the coordinates.</summary>
    [FromQuery(Name = "axis_order")] public string? AxisOrder { get; init; }

    /// <summary>JSON object of file column → field, e.g. {"机构名称":"name"}.</summary>
    [FromQuery(Name = "mapping")] public string? Mapping { get; init; }

    /// <summary>utf-8 (default) or gbk, for CSV and .dbf text.</summary>
    [FromQuery(Name = "encoding")] public string? Encoding { get; init; }

    /// <summary>A district or 街道 code every feature must lie in.</summary>
    [FromQuery(Name = "district")] public string? District { get; init; }

    /// <summary>Residential areas given by households: persons per household (default 2.62, census 2020).</summary>
    [FromQuery(Name = "persons_per_household")] public double? PersonsPerHousehold { get; init; }

    /// <summary>Residential areas without kind or completion year: new (新建) or old (已建成); default: such rows are errors.</summary>
    [FromQuery(Name = "default_kind")] public string? DefaultKind { get; init; }

    /// <summary>Residential areas with a completion year but no kind: new when completed in or after this year (default 2020).</summary>
    [FromQuery(Name = "new_since_year")] public int? NewSinceYear { get; init; }

    /// <summary>The .xlsx sheet to read (default: the first).</summary>
    [FromQuery(Name = "sheet")] public string? Sheet { get; init; }

    /// <summary>true: run as a background job (202 + status URL); default: when the file has more than 10,000 rows.</summary>
    [FromQuery(Name = "background")] public bool? Background { get; init; }

    /// <summary>The options, with the fields of a multipart form standing in for query parameters the query lacks.</summary>
    public ImportOptions ToOptions(IReadOnlyDictionary<string, string>? form = null)
    {
        string? Either(string? query, string name) => query ?? form?.GetValueOrDefault(name);
        var errors = new ValidationErrors();
        var options = Parse(Either(Mode, "mode"), Either(Crs, "crs"), Either(AxisOrder, "axis_order"), Either(Mapping, "mapping"),
            Either(Encoding, "encoding"), Either(District, "district"), PersonsPerHousehold, errors,
            Either(DefaultKind, "default_kind"), NewSinceYear, Either(Sheet, "sheet"));
        errors.ThrowIfAny();
        return options;
    }

    /// <summary>Shared by the route and the CLI so both take the same words.</summary>
    public static ImportOptions Parse(string? mode, string? crs, string? axisOrder, string? mapping, string? encoding,
        string? district, double? personsPerHousehold, ValidationErrors errors,
        string? defaultKind = null, int? newSinceYear = null, string? sheet = null)
    {
        var parsedMode = mode?.Trim().ToLowerInvariant() switch
        {
            null or "" or "dry_run" or "dry-run" or "dryrun" => ImportMode.DryRun,
            "commit" => ImportMode.Commit,
            _ => Invalid(errors, "mode", "must be dry_run (report only, the default) or commit", ImportMode.DryRun),
        };

        Crs? parsedCrs = null;
        if (!string.IsNullOrWhiteSpace(crs) && !Geo.Analysis.Coordinates.Crs.TryParse(crs, out parsedCrs))
        {
            errors.Add("crs", $"'{crs}' is not supported. {UnknownCrsException.SupportedText}");
        }

        Geo.Analysis.Coordinates.AxisOrder? order = axisOrder?.Trim().ToLowerInvariant() switch
        {
            null or "" => null,
            "easting_first" or "xy" or "lonlat" or "lon_lat" => Geo.Analysis.Coordinates.AxisOrder.EastingFirst,
            "northing_first" or "yx" or "latlon" or "lat_lon" => Geo.Analysis.Coordinates.AxisOrder.NorthingFirst,
            _ => Invalid<Geo.Analysis.Coordinates.AxisOrder?>(errors, "axis_order",
                "must be easting_first (x = easting/longitude) or northing_first (x = northing/latitude, the EPSG order of 4513–4554)", null),
        };

        Encoding? parsedEncoding = null;
        if (!string.IsNullOrWhiteSpace(encoding) && (parsedEncoding = TextEncodings.Resolve(encoding)) is null)
        {
            errors.Add("encoding", $"must be {TextEncodings.Allowed}");
        }

        if (district is not null && !(district.Length is 6 or 9 && district.All(char.IsAsciiDigit)))
        {
            errors.Add("district", "must be a 6-digit district adcode or a 9-digit 街道/镇 code");
        }

        errors.Range(personsPerHousehold, "persons_per_household", 1, 10);
        Data.Entities.ResidentialKind? kind = null;
        if (!string.IsNullOrWhiteSpace(defaultKind))
        {
            var word = SpreadsheetVocabulary.WordOf(defaultKind, typeof(Data.Entities.ResidentialKind)) ?? defaultKind.Trim().ToLowerInvariant();
            if (Data.Entities.Words.TryParse<Data.Entities.ResidentialKind>(word, out var parsedKind))
            {
                kind = parsedKind;
            }
            else
            {
                errors.Add("default_kind", "必须是 new（新建）或 old（已建成）; must be new or old");
            }
        }

        errors.Range(newSinceYear, "new_since_year", 1900, 2100);
        return new ImportOptions
        {
            Mode = parsedMode,
            Crs = parsedCrs,
            AxisOrder = order,
            Mapping = FieldNames.ParseMapping(mapping, errors),
            Encoding = parsedEncoding,
            District = district,
            PersonsPerHousehold = personsPerHousehold,
            DefaultKind = kind,
            NewSinceYear = newSinceYear ?? ImportOptions.DefaultNewSinceYear,
            Sheet = string.IsNullOrWhiteSpace(sheet) ? null : sheet.Trim(),
        };
    }

    private static T Invalid<T>(ValidationErrors errors, string field, string message, T fallback)
    {
        errors.Add(field, message);
        return fallback;
    }
}

/// <summary>Limits of an import (configuration section "Import").</summary>
public sealed class ImportLimits
{
    /// <summary>Largest upload in bytes (default 200 MB); larger is a 413.</summary>
    public long MaxFileBytes { get; set; } = 200L * 1024 * 1024;

    /// <summary>Most rows in one file (default 200,000); more is a 400.</summary>
    public int MaxRows { get; set; } = 200_000;

    /// <summary>Files with more rows run as a background job unless the caller says otherwise.</summary>
    public int BackgroundRows { get; set; } = 10_000;

    /// <summary>
    /// Most bytes a zip may unpack to, all entries together (default 1 GiB); counted while unpacking, so a zip
    /// bomb is refused (413) before anything past the limit is written.
    /// </summary>
    public long MaxUncompressedBytes { get; set; } = 1024L * 1024 * 1024;

    /// <summary>Longest a GeoPackage may take to read (default 60 s); a query still running then is interrupted.</summary>
    public int ReadTimeoutSeconds { get; set; } = 60;

    /// <summary>Where uploads and unpacked Shapefiles are kept while read (default: the system's temp folder); deleted on every path.</summary>
    public string? TempFolder { get; set; }

    public string TempDirectory() => Directory.CreateDirectory(TempFolder is { Length: > 0 } folder ? folder : Path.GetTempPath()).FullName;

    public string Describe(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " MB";
}
