using System.Globalization;
using System.IO.Compression;
using MiniExcelLibs;
using MiniExcelLibs.OpenXml;

namespace Geo.Api.Features.ImportExport;

/// <summary>
/// Reads an Excel workbook (.xlsx) as planners keep it: the first sheet or a named one, title rows above the
/// header skipped, merged cells read as the value of their range on every row they cover, dates as Excel
/// stores them (a styled serial number, read as a date). Rows stream (MiniExcel), so large sheets stay small in memory.
/// </summary>
public static class XlsxSource
{
    /// <summary>Whether a zip is a workbook rather than a zipped Shapefile.</summary>
    public static bool IsWorkbook(string path)
    {
        try
        {
            using var zip = ZipFile.OpenRead(path);
            return zip.GetEntry("xl/workbook.xml") is not null;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    public static SourceData Read(string path, string? sheet, FieldNames names, ImportLimits limits)
    {
        using (var zip = ZipFile.OpenRead(path))
        {
            // Declared sizes may lie, but MiniExcel streams the sheet: this refuses the honest giant before any parsing.
            if (zip.Entries.Sum(e => e.Length) > limits.MaxUncompressedBytes)
            {
                throw new ImportTooLargeException(
                    $"The workbook unpacks to more than {limits.Describe(limits.MaxUncompressedBytes)}: split it, or ask an administrator to raise Import:MaxUncompressedBytes.");
            }
        }

        IReadOnlyList<string> sheets;
        try
        {
            sheets = MiniExcel.GetSheetNames(path);
        }
        catch (Exception e) when (e is InvalidDataException or System.Xml.XmlException or InvalidOperationException or IOException)
        {
            throw new ImportFileException("The .xlsx cannot be read as an Excel workbook", e);
        }

        var name = sheet ?? (sheets.Count > 0 ? sheets[0] : null) ?? throw new ImportFileException("The workbook has no sheet.");
        if (!sheets.Contains(name, StringComparer.Ordinal))
        {
            throw new ImportFileException($"The workbook has no sheet '{name}'; its sheets: {string.Join(", ", sheets)}.");
        }

        var records = new List<List<string>>();
        var lines = new List<int>();
        var configuration = new OpenXmlConfiguration { FillMergedCells = true };
        try
        {
            var line = 0;
            foreach (IDictionary<string, object?> row in MiniExcel.Query(path, useHeaderRow: false, sheetName: name, excelType: ExcelType.XLSX, configuration: configuration))
            {
                line++;
                if (records.Count > limits.MaxRows + 20)
                {
                    throw new ImportFileException($"The sheet has more than {limits.MaxRows:N0} rows; an import takes at most {limits.MaxRows:N0}: split it.");
                }

                records.Add(row.Values.Select(Text).ToList());
                lines.Add(line);
            }
        }
        catch (Exception e) when (e is InvalidDataException or System.Xml.XmlException or InvalidCastException or FormatException)
        {
            throw new ImportFileException($"The sheet '{name}' cannot be read", e);
        }

        return CsvSource.FromRecords("xlsx", records, lines, names);
    }

    /// <summary>A cell as the text a CSV would hold: numbers round-trip, dates as yyyy-MM-dd (with the time when it has one).</summary>
    private static string Text(object? value) => value switch
    {
        null => "",
        string s => s,
        DateTime d when d.TimeOfDay == TimeSpan.Zero => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime d => d.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        double n => n.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
