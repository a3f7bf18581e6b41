using Geo.Analysis.Coordinates;

namespace Geo.Api.Features.ImportExport;

/// <summary>
/// One record of an uploaded file as read, before any conversion: its geometry in the file's own coordinate
/// system (or why there is none) and its attributes under the layer's field names.
/// </summary>
/// <param name="Number">The spreadsheet's own line number (CSV, .xlsx: header line = 1, or below title rows), else the 1-based record number.</param>
/// <param name="Attributes">string, double, long, decimal, bool, DateTime, DateOnly or JsonElement values.</param>
/// <param name="GeometryError">Why the record has no usable geometry (empty coordinates, unreadable WKT…).</param>
/// <param name="RecordError">Why the record as a whole is malformed (e.g. a CSV line with too many fields).</param>
public sealed record SourceRow(
    int Number, Geometry? Geometry, IReadOnlyDictionary<string, object?> Attributes,
    string? GeometryError = null, string? RecordError = null);

/// <summary>What a reader made of a file: its records and the coordinate system the file itself declares.</summary>
/// <param name="Format">geojson, csv, xlsx, shapefile or gpkg.</param>
/// <param name="DeclaredCrs">From a .prj, a GeoPackage srs or a GeoJSON crs member; null when the file says nothing.</param>
/// <param name="CrsOrigin">Where <paramref name="DeclaredCrs"/> came from (".prj", "gpkg srs 4549", "geojson crs").</param>
public sealed record SourceData(string Format, IReadOnlyList<SourceRow> Rows, Crs? DeclaredCrs, string? CrsOrigin, IReadOnlyList<string> Columns)
{
    /// <summary>Which file column was read as which field.</summary>
    public IReadOnlyList<ColumnField> ColumnFields { get; init; } = [];
}

/// <summary>A file that cannot be imported at all (malformed, empty, wrong coordinate system): a 400 naming what is wrong, Chinese first.</summary>
public sealed class ImportFileException(string message) : Exception(ImportMessages.FileRefusalChineseFirst(message))
{
    public ImportFileException() : this("The file cannot be imported.") { }

    public ImportFileException(string message, Exception inner) : this(message + " (" + inner.Message + ")") { }
}

/// <summary>An upload past the size limit: a 413.</summary>
public sealed class ImportTooLargeException(string message) : Exception(message)
{
    public ImportTooLargeException() : this("The file is too large.") { }

    public ImportTooLargeException(string message, Exception inner) : this(message + " (" + inner.Message + ")") { }
}
