using System.Text.RegularExpressions;

namespace Geo.Api.Http;

/// <summary>
/// Every per-field message in Chinese first, then the English that names the rule's figures: the rules (the layers',
/// the kernel's, the analyses', the readers') are written once in English, so their Chinese is put in front here, in
/// one table, rather than at each rule. Every ProblemDetails' <c>errors</c> and every import row's problem pass
/// through it, so a rule added in English only still answers Chinese first. A message that starts in Chinese is
/// left as it is.
/// </summary>
public static class ChineseMessages
{
    /// <summary>Most specific first: the first pattern that matches gives the Chinese.</summary>
    public static readonly (Regex Pattern, Func<Match, string> Chinese)[] Rules =
    [
        (Rule(@"^is required and must be unique"), _ => "必填，且不能重复"),
        (Rule(@"^is required when no cost_matrix"), _ => "未给出 cost_matrix 时必填（WGS-84 经纬度）"),
        (Rule(@"^are required when candidate_source = points"), _ => "候选点来源为 points（candidate_source）时必填"),
        (Rule(@"^(?:is|are) required"), _ => "必填"),
        (Rule(@"^must be at most ([\d,]+) characters"), m => $"最多 {m.Groups[1].Value} 个字符"),
        (Rule(@"^must be at least ([\d,]+) characters"), m => $"至少 {m.Groups[1].Value} 个字符"),
        (Rule(@"^must not be a repetition"), _ => "不能只由少数几个字符重复组成"),
        (Rule(@"^must be 3–64 letters"), _ => "须为 3–64 个字母、数字或 _ . @ -"),
        (Rule(@"^must be between (\S+) and ([^;(]+)"), m => $"必须在 {m.Groups[1].Value} 到 {m.Groups[2].Value.Trim()} 之间"),
        (Rule(@"^must be ([\d,.]+) or more"), m => $"不能小于 {m.Groups[1].Value}"),
        (Rule(@"^must be greater than 0 and less than ([^;]+)"), m => $"必须大于 0 且小于 {m.Groups[1].Value}"),
        (Rule(@"^must be greater than 0 and at most ([\d,.]+)"), m => $"必须大于 0 且不超过 {m.Groups[1].Value}"),
        (Rule(@"^must be at most ([\d,.]+) with method bands"), m => $"计算方法为 bands（method）时不超过 {m.Groups[1].Value}（步行分档止于 1,000 米）"),
        (Rule(@"^must be at most 1000 with the walking bands"), _ => "使用步行分档时不超过 1000（分档止于 1,000 米），或给出 bands"),
        (Rule(@"^must be at most ([\d,]+) with page_size"), m => $"在此 page_size 下不超过 {m.Groups[1].Value}"),
        (Rule(@"^must be at most ([\d,]+) distinct"), m => $"最多 {m.Groups[1].Value} 个互不相同的代码"),
        (Rule(@"^must (?:be|list|have) at most ([\d,]+)"), m => $"最多 {m.Groups[1].Value} 个"),
        (Rule(@"^at most ([\d,]+) changes"), m => $"变更合计最多 {m.Groups[1].Value} 处"),
        (Rule(@"^must list 1 to ([\d,]+)"), m => $"须列出 1 到 {m.Groups[1].Value} 个"),
        (Rule(@"^must name at least one of"), _ => "至少给出下列取值之一"),
        (Rule(@"^'.*' must be one of |^must be one of "), _ => "必须是下列取值之一"),
        (Rule(@"^must be (?:[\w-]+, )*[\w-]+ or [\w-]+(?: \(|$|;|,)"), _ => "必须是所列取值之一"),
        (Rule(@"^'.*' is not a number"), _ => "不是数字（可读：1200、1,200、4966户、12.5万；不读“约40个”）"),
        (Rule(@"^'.*' is not a whole number"), _ => "不是整数"),
        (Rule(@"^'.*' is too large"), _ => "数值过大"),
        (Rule(@"^'.*' is not true/false"), _ => "不是“是/否”"),
        (Rule(@"^'.*' is not a date"), _ => "不是日期（应为 yyyy-MM-dd）"),
        (Rule(@"^'.*' is not a JSON array|^must be a JSON array"), _ => "必须是 JSON 数组"),
        (Rule(@"^'.*' is not supported"), _ => "不支持该坐标系（可用的见后）"),
        (Rule(@"^'.*' appears more than once"), _ => "重复出现"),
        (Rule(@"^cannot be read from"), _ => "无法读取"),
        (Rule(@"^must not repeat"), _ => "不能重复"),
        (Rule(@"^must not exceed approved_slots"), _ => "在托人数不能超过核定托位"),
        (Rule(@"^must not be in the future"), _ => "不能晚于今天"),
        (Rule(@"^must be at least monthly_fee_min"), _ => "不能低于最低月收费"),
        (Rule(@"^must be an 18-character"), _ => "统一社会信用代码须为 18 位且校验位正确"),
        (Rule(@"^must be digits, spaces or hyphens"), _ => "电话只能含数字、空格或连字符（5–20 位）"),
        (Rule(@"^must be a local date and time"), _ => "须为本地日期时间，如 2026-11-23T19:30"),
        (Rule(@"^must be four numbers"), _ => "须为四个数：最小经度,最小纬度,最大经度,最大纬度"),
        (Rule(@"^must have minLon < maxLon"), _ => "须满足最小经度 < 最大经度、最小纬度 < 最大纬度，且在 ±180/±90 度内"),
        (Rule(@"^must be ""Feature"""), _ => "须为 \"Feature\"（带 geometry 和 properties 的 GeoJSON 要素）"),
        (Rule(@"^must equal the code in the path"), _ => "须与路径中的代码一致：代码不能修改"),
        (Rule(@"^a province has no parent"), _ => "省级单位没有上级"),
        (Rule(@"^must be the 6-digit adcode"), _ => "须为 6 位区县行政区划代码，如 350102"),
        (Rule(@"^must be a 6-digit district adcode or a 9-digit"), _ => "须为 6 位区县代码或 9 位街道/镇代码"),
        (Rule(@"^must be a positive number"), _ => "必须是正数"),
        (Rule(@"^must be a (?:finite )?(?:number|cost)[ ,]"), _ => "必须是不小于 0 的有限数"),
        (Rule(@"^must be given together with its pair"), _ => "经度和纬度须同时给出"),
        (Rule(@"^lon/lat must be WGS-84"), _ => "经纬度须为 WGS-84 度数（经度 −180–180，纬度 −90–90，经度在前）"),
        (Rule(@"^appl(?:y|ies) (?:only )?(?:when|to|with) "), _ => "此处不适用（适用条件见后）"),
        (Rule(@"^must have one (?:row|cost) per|^has [\d,]+ (?:rows|costs)"), _ => "矩阵的行数或列数与点数不符"),
        (Rule(@"^has [\d,]+ cells|^must have at most [\d,]+ entries"), _ => "矩阵单元格过多"),
        (Rule(@"^institution \S+ is not in district"), _ => "该机构不在本区县"),
        (Rule(@"^institution \S+ is moved or removed more than once"), _ => "同一机构被多次移动或删除"),
        (Rule(@"^the last band must reach"), _ => "最后一档须达到 cutoff"),
        (Rule(@"^date and source go with"), _ => "日期和来源须与官方人口一同给出；三者都不给则用普查人口"),
        (Rule(@"^must enclose an area"), _ => "面积必须大于 0"),
        (Rule(@"^must be a (.+), not a "), _ => "几何类型不符"),
        (Rule(@"^geometry repaired"), _ => "几何已自动修复"),
        (Rule(@"^is not valid .* cannot be repaired"), _ => "几何无效且无法修复"),
        (Rule(@"outside China's extent|^lon/lat must lie inside China"), _ => "坐标在中国范围之外"),
        (Rule(@"lies outside China when read as"), _ => "按此坐标系读取时落在中国境外：请给出所用的 crs"),
        (Rule(@"^duplicate of row (\d+) in this file"), m => $"与本文件第 {m.Groups[1].Value} 行重复"),
        (Rule(@"^feature (\d+) has the same name within"), m => $"已有同名要素 {m.Groups[1].Value} 在 30 米内，是否重复？"),
        (Rule(@"^lies outside "), _ => "位于本次导入指定的区县（街道）之外"),
        (Rule(@"^lies in none of the districts"), _ => "不在任何已有边界的区县内，街道和区县将为空"),
        (Rule(@"null or unreadable shape|^empty coordinates|^no coordinates"), _ => "没有可读的几何"),
        (Rule(@"^the line has"), _ => "该行字段数与表头不符"),
        (Rule(@"^is not a field here"), _ => "不是此处的字段：未知字段会被拒绝"),
        (Rule(@"^has the wrong type"), _ => "类型不对"),
        (Rule(@"^must be "), _ => "取值不符合要求"),
    ];

    /// <summary>The message with its Chinese in front: from <see cref="Rules"/>, else <paramref name="general"/>.</summary>
    public static string ChineseFirst(string message, string general = "取值无效") => InFront(message, Rules, general);

    /// <summary>The message with the Chinese of the first matching rule of <paramref name="table"/> in front, else <paramref name="general"/>.</summary>
    public static string InFront(string message, (Regex Pattern, Func<Match, string> Chinese)[] table, string general)
    {
        if (StartsChinese(message))
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

    /// <summary>
    /// True when the message's first word is Chinese. A leading quoted value ('备案中' …) is the cell, not the message's
    /// language, and names a Chinese sentence may open with (CSV, WKT, GCJ-02, GeoJSON …) are not English words.
    /// </summary>
    public static bool StartsChinese(string message)
    {
        var close = message.StartsWith('\'') ? message.IndexOf('\'', 1) : -1;
        foreach (Match word in LeadingWord.Matches(message, close + 1))
        {
            if (IsChinese(word.Value[0]))
            {
                return true;
            }

            if (!IsName(word.Value))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Runs of Chinese, or of ASCII letters and digits (with - and .), in the order they come.</summary>
    private static readonly Regex LeadingWord = new(@"[\u3400-\u9FFF]|[A-Za-z][A-Za-z0-9.\-]*", RegexOptions.CultureInvariant);

    /// <summary>An acronym or a file format's name as Chinese text writes it, not a word of an English sentence.</summary>
    private static bool IsName(string word) =>
        word.All(c => !char.IsAsciiLetterLower(c)) || word is "GeoJSON" or "GeoPackage" or "Shapefile" or "TuoyuGeo";

    private static bool IsChinese(char c) => c is >= '\u3000' and <= '\u9FFF' or >= '\uFF00' and <= '\uFFEF';

    public static Regex Rule(string pattern) => new(pattern, RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeSpan.FromSeconds(1));
}
