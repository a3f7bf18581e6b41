using System.Text.RegularExpressions;

namespace Geo.Api.Features.ImportExport;

/// <summary>
/// Every problem of an import in Chinese first, then the English: a row's problems by the rules the API's answers
/// use (<see cref="ChineseMessages"/>), a whole file's refusal by the readers' and the engine's messages below.
/// A message that starts in Chinese already is left as it is.
/// </summary>
public static class ImportMessages
{
    /// <summary>Files refused as a whole (<see cref="ImportFileException"/>): the reader's and the engine's messages.</summary>
    private static readonly (Regex Pattern, Func<Match, string> Chinese)[] FileTable =
    [
        (Rule(@"^The file is empty"), _ => "文件为空"),
        (Rule(@"^Send a Shapefile as one \.zip"), _ => "Shapefile 须打包为一个 .zip（含 .shp、.shx、.dbf、.prj，及 .cpg）"),
        (Rule(@"^The file has no features"), _ => "文件中没有要素"),
        (Rule(@"^The file has ([\d,]+) rows; an import takes at most ([\d,]+)"), m => $"文件有 {m.Groups[1].Value} 行，单次导入最多 {m.Groups[2].Value} 行：请拆分文件"),
        (Rule(@"^The zip contains no \.shp"), _ => "压缩包中没有 .shp 文件：压缩的 Shapefile 须含 .shp、.shx、.dbf（及 .prj）"),
        (Rule(@"has no \.prj"), _ => "压缩包中没有 .prj，坐标系未知：请给出 crs=（如 crs=EPSG:4549）"),
        (Rule(@"^The \.prj describes a coordinate system TuoyuGeo does not support"), _ => "不支持 .prj 所述的坐标系：请换用支持的坐标系导出，或给出 crs= 覆盖 .prj（支持的坐标系见后）"),
        (Rule(@"^A CSV does not say its coordinate system"), _ => "CSV 不含坐标系：请给出 crs=（GPS 用 EPSG:4326，高德/腾讯用 GCJ-02，百度用 BD-09，高斯-克吕格用 EPSG:4513–4554）"),
        (Rule(@"does not say its coordinate system"), _ => "文件未说明坐标系：请给出 crs="),
        (Rule(@"land in China only with longitude and latitude swapped"), _ => "经度和纬度两列互换了：交换表头，或给出 axis_order=northing_first"),
        (Rule(@"land outside China when read as"), _ => "多数要素落在中国境外：坐标系可能有误，请给出 crs=（及 axis_order=）"),
        (Rule(@"^The file mixes"), _ => "文件混合了多种几何类型：请按几何类型拆分"),
        (Rule(@" takes .* geometries; the file has"), _ => "文件的几何类型不是该图层接受的类型"),
        (Rule(@"is not valid JSON"), _ => "GeoJSON 不是有效的 JSON（可能被截断）"),
        (Rule(@"^The GeoJSON must be"), _ => "GeoJSON 须为 FeatureCollection、Feature 或要素数组（DataV）"),
        (Rule(@"crs .* is not supported"), _ => "不支持文件声明的坐标系"),
    ];

    /// <summary>A whole file's refusal with its Chinese in front, as <see cref="ChineseFirst"/> does for rows.</summary>
    public static string FileRefusalChineseFirst(string message) => ChineseMessages.InFront(message, FileTable, "文件无法导入");

    /// <summary>The message with its Chinese in front: from the rules' table, else a general word, so no problem is English only.</summary>
    /// <remarks>
    /// Remembered per message: a file's rows repeat the same few problems (100,000 rows outside every district), and
    /// matching each against the rules' table was half of checking a row (profiled, docs/benchmarks-import.md).
    /// Bounded, since messages that quote a row's values are each new.
    /// </remarks>
    public static string ChineseFirst(string message) =>
        Translated.TryGetValue(message, out var known) ? known
        : Translated.Count < MaxRemembered ? Translated.GetOrAdd(message, m => ChineseMessages.ChineseFirst(m, "数据有误"))
        : ChineseMessages.ChineseFirst(message, "数据有误");

    private const int MaxRemembered = 10_000;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Translated = new(StringComparer.Ordinal);

    private static Regex Rule(string pattern) => ChineseMessages.Rule(pattern);
}
