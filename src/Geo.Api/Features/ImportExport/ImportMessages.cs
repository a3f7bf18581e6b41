using System.Text.RegularExpressions;

namespace Geo.Api.Features.ImportExport;

/// <summary>
/// Every problem of an import in Chinese first, then the English: the rules' messages (the layers', the HTTP
/// kernel's, the readers') are shared with the API, so their Chinese is put in front here, in one table, rather
/// than at each rule. A message that starts in Chinese already is left as it is.
/// </summary>
public static class ImportMessages
{
    private static readonly (Regex Pattern, Func<Match, string> Chinese)[] Table =
    [
        (Rule(@"^is required"), _ => "必填"),
        (Rule(@"^must be at most ([\d,]+) characters"), m => $"最多 {m.Groups[1].Value} 个字符"),
        (Rule(@"^must be between (\S+) and ([^;(]+)"), m => $"必须在 {m.Groups[1].Value} 到 {m.Groups[2].Value.Trim()} 之间"),
        (Rule(@"^must be (\d+) or more"), m => $"不能小于 {m.Groups[1].Value}"),
        (Rule(@"^must be greater than 0 and less than ([^;]+)"), m => $"必须大于 0 且小于 {m.Groups[1].Value}"),
        (Rule(@"^must be one of "), _ => "取值不在可选范围内"),
        (Rule(@"^'.*' must be one of "), _ => "取值不在可选范围内（可选值见后）"),
        (Rule(@"^'.*' is not a number"), _ => "不是数字（可读：1200、1,200、4966户、12.5万；不读“约40个”）"),
        (Rule(@"^'.*' is not a whole number"), _ => "不是整数"),
        (Rule(@"^'.*' is too large"), _ => "数值过大"),
        (Rule(@"^'.*' is not true/false"), _ => "不是“是/否”"),
        (Rule(@"^'.*' is not a date"), _ => "不是日期（应为 yyyy-MM-dd）"),
        (Rule(@"^'.*' is not a JSON array|^must be a JSON array"), _ => "必须是 JSON 数组"),
        (Rule(@"^cannot be read from"), _ => "无法读取"),
        (Rule(@"^must not repeat"), _ => "不能重复"),
        (Rule(@"^must not exceed approved_slots"), _ => "在托人数不能超过核定托位"),
        (Rule(@"^must not be in the future"), _ => "不能晚于今天"),
        (Rule(@"^must be at least monthly_fee_min"), _ => "不能低于最低月收费"),
        (Rule(@"^must be an 18-character"), _ => "统一社会信用代码须为 18 位且校验位正确"),
        (Rule(@"^must be digits, spaces or hyphens"), _ => "电话只能含数字、空格或连字符（5–20 位）"),
        (Rule(@"^must enclose an area"), _ => "面积必须大于 0"),
        (Rule(@"^must be a (.+), not a "), _ => "几何类型不符"),
        (Rule(@"^geometry repaired"), _ => "几何已自动修复"),
        (Rule(@"^is not valid .* cannot be repaired"), _ => "几何无效且无法修复"),
        (Rule(@"outside China's extent"), _ => "坐标在中国范围之外"),
        (Rule(@"^duplicate of row (\d+) in this file"), m => $"与本文件第 {m.Groups[1].Value} 行重复"),
        (Rule(@"^feature (\d+) has the same name within"), m => $"已有同名要素 {m.Groups[1].Value} 在 30 米内，是否重复？"),
        (Rule(@"^lies outside "), _ => "位于本次导入指定的区县（街道）之外"),
        (Rule(@"^lies in none of the districts"), _ => "不在任何已有边界的区县内，街道和区县将为空"),
        (Rule(@"null or unreadable shape|^empty coordinates|^no coordinates"), _ => "没有可读的几何"),
        (Rule(@"^the line has"), _ => "该行字段数与表头不符"),
    ];

    /// <summary>Files refused as a whole (<see cref="ImportFileException"/>): the reader's and the engine's messages.</summary>
    private static readonly (Regex Pattern, Func<Match, string> Chinese)[] FileTable =
    [
        (Rule(@"^The file is empty"), _ => "文件为空"),
        (Rule(@"^Send a Shapefile as one \.zip"), _ => "Shapefile 须打包为一个 .zip（含 .shp、.shx、.dbf、.prj，及 .cpg）"),
        (Rule(@"^The file has no features"), _ => "文件中没有要素"),
        (Rule(@"^The file has ([\d,]+) rows; an import takes at most ([\d,]+)"), m => $"文件有 {m.Groups[1].Value} 行，单次导入最多 {m.Groups[2].Value} 行：请拆分文件"),
        (Rule(@"has no \.prj"), _ => "压缩包中没有 .prj，坐标系未知：请给出 crs=（如 crs=EPSG:4549）"),
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
    public static string FileRefusalChineseFirst(string message) => InFront(message, FileTable, "文件无法导入");

    /// <summary>The message with its Chinese in front: from the table, else a general word, so no problem is English only.</summary>
    public static string ChineseFirst(string message) => InFront(message, Table, "数据有误");

    private static string InFront(string message, (Regex Pattern, Func<Match, string> Chinese)[] table, string general)
    {
        // A leading quoted value ('备案中' …) is the cell, not the message's language.
        var close = message.StartsWith('\'') ? message.IndexOf('\'', 1) : -1;
        var first = message.Skip(close + 1).FirstOrDefault(char.IsLetter);
        if (first == default || IsChinese(first))
        {
            return message;
        }

        foreach (var (pattern, chinese) in table)
        {
            if (pattern.Match(message) is { Success: true } match)
            {
                return $"{chinese(match)}; {message}";
            }
        }

        return $"{general}; {message}";
    }

    private static bool IsChinese(char c) => c is >= '\u3000' and <= '\u9FFF' or >= '\uFF00' and <= '\uFFEF';

    private static Regex Rule(string pattern) => new(pattern, RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeSpan.FromSeconds(1));
}
