using System.Globalization;
using System.IO.Compression;
using System.Text;
using MiniExcelLibs;
using Geo.Analysis.Coordinates;
using static Geo.Api.Tests.ImportExport.ImportFiles;

namespace Geo.Api.Tests.ImportExport;

/// <summary>Sheets as a health commission keeps them, built in memory: Chinese headers and words, GCJ-02 (Amap) coordinates.</summary>
internal static class Spreadsheets
{
    public static readonly string[] InstitutionHeaders =
        ["机构名称", "统一社会信用代码", "地址", "性质", "举办类型", "收托类型", "托位", "在托人数", "是否普惠", "备案状态", "备案日期", "运营状态", "经度", "纬度", "所属街道"];

    private static readonly string[] Natures = ["公办", "民办非营利", "营利", "民办非营利"];
    private static readonly string[] Filing = ["已备案", "备案中", "已备案", "未备案"];

    /// <summary>The cells of a data row for <see cref="ImportFiles.Places"/>[k], in GCJ-02 as Amap gives them (the 家庭托育点 has at most 5 托位).</summary>
    public static object?[] InstitutionRow(int k)
    {
        var (lon, lat) = Crs.Gcj02.FromWgs84(Places[k].Lon, Places[k].Lat);
        return
        [
            Places[k].Name, Code(k + 1), $"福州市鼓楼区测试路{k + 1}号", Natures[k], k == 3 ? "家庭托育点" : "独立设置", "全日托、计时托",
            k == 0 ? "1,200" : k == 3 ? "5个" : $"{40 + k}个", k == 3 ? "3人" : $"{10 + k}人", k % 2 == 0 ? "是" : "否", Filing[k],
            Filing[k] == "已备案" ? new DateTime(2024, 3, 1 + k) : null, "运营中", lon, lat, "温泉街道",
        ];
    }

    public static string Csv(IReadOnlyList<string> headers, IEnumerable<object?[]> rows)
    {
        var text = new StringBuilder().AppendJoin(',', headers).Append("\r\n");
        foreach (var row in rows)
        {
            text.AppendJoin(',', row.Select(CsvCell)).Append("\r\n");
        }

        return text.ToString();
    }

    private static string CsvCell(object? cell) => cell switch
    {
        null => "",
        DateTime d => d.ToString("yyyy/M/d", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        string s when s.Contains(',') => $"\"{s}\"",
        _ => Convert.ToString(cell, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>
    /// A workbook with a title row above the header and the given rows, written with MiniExcel; <paramref name="merges"/>
    /// (e.g. "A1:O1") are added to the sheet as Excel stores them, a &lt;mergeCells&gt; element after the data.
    /// </summary>
    public static byte[] Xlsx(string title, IReadOnlyList<string> headers, IEnumerable<object?[]> rows, string sheetName = "Sheet1", params string[] merges) =>
        Xlsx(title, [headers], rows, sheetName, merges);

    /// <summary>The same with a header of several rows (a group row above the column names, merged as <paramref name="merges"/> say).</summary>
    public static byte[] Xlsx(string title, IReadOnlyList<IReadOnlyList<string?>> headerRows, IEnumerable<object?[]> rows, string sheetName, params string[] merges)
    {
        var columns = headerRows[0].Select((_, c) => $"c{c}").ToList();
        IEnumerable<Dictionary<string, object?>> Table()
        {
            yield return columns.Select((k, c) => (k, c == 0 ? (object?)title : null)).ToDictionary(p => p.k, p => p.Item2);
            foreach (var header in headerRows)
            {
                yield return columns.Select((k, c) => (k, (object?)header[c])).ToDictionary(p => p.k, p => p.Item2);
            }

            foreach (var row in rows)
            {
                yield return columns.Select((k, c) => (k, row[c])).ToDictionary(p => p.k, p => p.Item2);
            }
        }

        var stream = new MemoryStream();
        stream.SaveAs(Table(), printHeader: false, sheetName: sheetName);
        return merges.Length == 0 ? stream.ToArray() : WithMerges(stream.ToArray(), merges);
    }

    private static byte[] WithMerges(byte[] workbook, string[] merges)
    {
        var stream = new MemoryStream();
        stream.Write(workbook);
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = zip.GetEntry("xl/worksheets/sheet1.xml")!;
            string xml;
            using (var reader = new StreamReader(entry.Open()))
            {
                xml = reader.ReadToEnd();
            }

            var element = $"<x:mergeCells count=\"{merges.Length}\">{string.Concat(merges.Select(m => $"<x:mergeCell ref=\"{m}\"/>"))}</x:mergeCells>";
            var prefix = xml.Contains("</x:sheetData>", StringComparison.Ordinal) ? "x:" : "";
            xml = xml.Replace($"</{prefix}sheetData>", $"</{prefix}sheetData>" + (prefix == "" ? element.Replace("x:", "", StringComparison.Ordinal) : element),
                StringComparison.Ordinal);
            entry.Delete();
            using var writer = new StreamWriter(zip.CreateEntry("xl/worksheets/sheet1.xml").Open());
            writer.Write(xml);
        }

        return stream.ToArray();
    }

    /// <summary>The cells of a sheet as MiniExcel reads them, by row, column letters as keys.</summary>
    public static List<IDictionary<string, object?>> Read(byte[] workbook) =>
        new MemoryStream(workbook).Query(useHeaderRow: false).Cast<IDictionary<string, object?>>().ToList();
}
